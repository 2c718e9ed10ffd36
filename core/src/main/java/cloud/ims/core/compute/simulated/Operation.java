package cloud.ims.core.compute.simulated;

/**
 * The kinds of operation the simulated service times separately, as a real one takes minutes to clone a VM and
 * seconds to power it.
 */
enum Operation {

	CREATE, POWER, DELETE, EXPORT, LOOKUP

}
