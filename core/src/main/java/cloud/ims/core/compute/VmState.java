package cloud.ims.core.compute;

/**
 * The power state of an ECS once it exists, named as the ECS API names it.
 */
public enum VmState {

	ACTIVE, SHUTOFF, DELETED

}
