package cloud.ims.core.spring;

import cloud.ims.core.compute.ComputeDriver;
import cloud.ims.core.compute.DriverStatus;
import cloud.ims.core.compute.simulated.Latencies;
import cloud.ims.core.compute.simulated.SimulatedVmwareDriver;
import cloud.ims.core.compute.vsphere.VsphereDriver;
import cloud.ims.core.metrics.MeteredComputeDriver;
import cloud.ims.core.qemu.Prlimit;
import cloud.ims.core.qemu.PrlimitMissing;
import cloud.ims.core.qemu.QemuImg;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The data-plane adapters the workers use: qemu-img, the image store and the VMware Service that
 * {@code ims.driver.type} names (the simulated one by default, or a vCenter configured under {@code ims.vsphere}),
 * with its {@code vmware} health component.
 */
@Configuration(proxyBeanMethods = false)
@Import(ImageStoreConfiguration.class)
@EnableConfigurationProperties(VsphereProperties.class)
public class DataPlaneConfiguration {

	@Bean
	QemuImg qemuImg(DataPlaneSettings settings) {
		DataPlaneSettings.QemuImgSettings qemu = settings.qemuImg();
		requirePrlimit(System.getenv("PATH"));
		return new QemuImg(qemu.path(), qemu.timeout(), qemu.memoryLimit().toBytes());
	}

	/**
	 * A worker does not start without {@code prlimit}: qemu-img reads untrusted images, and only runs under its memory
	 * limit.
	 */
	static void requirePrlimit(@Nullable String searchPath) {
		try {
			Prlimit.require(searchPath);
		}
		catch (PrlimitMissing missing) {
			throw new InvalidSettings("prlimit is not on the PATH, and qemu-img, which reads untrusted images, may "
					+ "only run under prlimit's memory limit: the worker does not start without it.", "Install the Debian package " + Prlimit.DEBIAN_PACKAGE
					+ " (sudo apt-get install " + Prlimit.DEBIAN_PACKAGE + "), which provides prlimit.");
		}
	}

	@Bean
	@ConditionalOnMissingBean
	ComputeDriver computeDriver(DataPlaneSettings settings, VsphereProperties vsphere, QemuImg qemuImg,
			ObjectProvider<MeterRegistry> meterRegistry) {
		ComputeDriver driver = switch (settings.driver().type()) {
			case SIMULATED -> simulated(settings, qemuImg);
			case VSPHERE -> vsphere(vsphere);
		};
		return new MeteredComputeDriver(driver, meterRegistry.getIfAvailable(SimpleMeterRegistry::new));
	}

	private static ComputeDriver vsphere(VsphereProperties vsphere) {
		try {
			return new VsphereDriver(vsphere.toSettings());
		}
		catch (IllegalArgumentException wrong) {
			throw new InvalidSettings(wrong.getMessage(),
					"Correct the ims.vsphere.* setting it names (README.md, \"Running on vSphere\").");
		}
	}

	private static ComputeDriver simulated(DataPlaneSettings settings, QemuImg qemuImg) {
		DataPlaneSettings.SimulatedSettings simulated = settings.driver().simulated();
		DataPlaneSettings.Latencies own = simulated.latencies();
		return new SimulatedVmwareDriver(settings.simulatedDriverRoot(),
				new Latencies(simulated.latency(), own.create(), own.power(), own.delete(), own.export()),
				simulated.failureRate(), simulated.capacity(), qemuImg);
	}

	/**
	 * The {@code vmware} component of {@code /actuator/health}: the driver's type, endpoint and reachability. An
	 * unreachable VMware Service is reported as a detail of an UP component, not as DOWN: a vCenter outage is not
	 * cured by restarting the workers (which a DOWN health tells Kubernetes or Docker to do), the breaker already
	 * holds calls back meanwhile, and the worker must stay up to resume the pending work when vCenter answers again.
	 */
	@Bean
	HealthIndicator vmwareHealthIndicator(ComputeDriver driver) {
		return () -> {
			DriverStatus status;
			try {
				status = driver.status();
			}
			catch (RuntimeException ex) {
				return Health.up().withDetail("reachable", false).withDetail("detail", ex.toString()).build();
			}
			return Health.up()
				.withDetail("type", status.type())
				.withDetail("endpoint", status.endpoint())
				.withDetail("reachable", status.reachable())
				.withDetail("detail", status.detail())
				.build();
		};
	}

}
