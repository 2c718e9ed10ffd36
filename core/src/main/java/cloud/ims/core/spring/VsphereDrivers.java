package cloud.ims.core.spring;

import java.lang.reflect.InvocationTargetException;

import cloud.ims.core.compute.ComputeDriver;
import cloud.ims.core.compute.vsphere.VsphereSettings;

/**
 * Makes the vSphere driver. Temporary: {@code cloud.ims.core.compute.vsphere.VsphereDriver} is being written in
 * parallel, so it is looked up by name until it lands; then this class goes and {@link DataPlaneConfiguration} calls
 * {@code new VsphereDriver(settings)} itself.
 */
final class VsphereDrivers {

	static final String DRIVER = "cloud.ims.core.compute.vsphere.VsphereDriver";

	private VsphereDrivers() {
	}

	static ComputeDriver create(VsphereSettings settings) {
		try {
			return (ComputeDriver) Class.forName(DRIVER, true, VsphereDrivers.class.getClassLoader())
				.getConstructor(VsphereSettings.class)
				.newInstance(settings);
		}
		catch (ClassNotFoundException | NoSuchMethodException | InstantiationException | IllegalAccessException ex) {
			throw new InvalidSettings("ims.driver.type=vsphere, but this build has no vSphere driver (" + ex + ").",
					"Use ims.driver.type=simulated, or a build that includes " + DRIVER + ".");
		}
		catch (InvocationTargetException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw new IllegalStateException("The vSphere driver could not be made", ex.getCause());
		}
	}

}
