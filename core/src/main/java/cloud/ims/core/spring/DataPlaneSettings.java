package cloud.ims.core.spring;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Where the workers keep image data and how they reach qemu-img and the VMware Service.
 * Unset locations default to folders of {@code ims.data-dir}.
 */
@ConfigurationProperties("ims")
public record DataPlaneSettings(@DefaultValue("./data") Path dataDir, @DefaultValue ImageStoreSettings imageStore,
		@DefaultValue QemuImgSettings qemuImg, @DefaultValue DriverSettings driver) {

	public Path imageStoreRoot() {
		return (this.imageStore.root() != null) ? this.imageStore.root() : this.dataDir.resolve("images");
	}

	public Path simulatedDriverRoot() {
		Path root = this.driver.simulated().root();
		return (root != null) ? root : this.dataDir.resolve("vmware");
	}

	/** The image store. */
	public record ImageStoreSettings(@Nullable Path root) {
	}

	/**
	 * The qemu-img binary and the limits every run of it gets. Both are required: qemu-img reads untrusted images.
	 */
	public record QemuImgSettings(@DefaultValue("qemu-img") String path, @DefaultValue("10m") Duration timeout,
			@DefaultValue("2GB") DataSize memoryLimit) {

		public QemuImgSettings {
			if (timeout.isNegative() || timeout.isZero()) {
				throw new IllegalArgumentException("ims.qemu-img.timeout must be positive, not " + timeout);
			}
			if (memoryLimit.toBytes() <= 0) {
				throw new IllegalArgumentException("ims.qemu-img.memory-limit must be positive, not " + memoryLimit
						+ ": qemu-img reads untrusted images and may only run under a memory limit");
			}
		}

	}

	/**
	 * The compute driver: which VMware Service ({@code simulated}, the default, or {@code vsphere}, configured under
	 * {@code ims.vsphere}), and how many of its operations a worker keeps in flight, whatever the number of Kafka
	 * partitions and consumer threads; and how often a provisioning-worker compares its ECSs' status with the power
	 * state the service reports ({@code 0s}: never).
	 */
	public record DriverSettings(@DefaultValue("simulated") DriverType type, @DefaultValue("64") int maxInFlight,
			@DefaultValue("30s") Duration powerSyncInterval, @DefaultValue SimulatedSettings simulated) {

		public DriverSettings {
			if (maxInFlight < 1) {
				throw new IllegalArgumentException("ims.driver.max-in-flight must be at least 1, not " + maxInFlight);
			}
			if (powerSyncInterval.isNegative()) {
				throw new IllegalArgumentException(
						"ims.driver.power-sync-interval must be 0s (off) or positive, not " + powerSyncInterval);
			}
		}

	}

	/** The VMware Services IMS can drive. */
	public enum DriverType {

		SIMULATED, VSPHERE

	}

	/**
	 * The simulated VMware Service: one shared place for its inventory and disks, and its service conditions. Each
	 * operation lasts {@code latency} unless {@code latencies} names its own.
	 */
	public record SimulatedSettings(@Nullable Path root, @DefaultValue("0s") Duration latency,
			@DefaultValue Latencies latencies, @DefaultValue("0.0") double failureRate,
			@DefaultValue("64") int capacity) {
	}

	/** Per-operation latencies of the simulated service; an unset one is the common {@code latency}. */
	public record Latencies(@Nullable Duration create, @Nullable Duration power, @Nullable Duration delete,
			@Nullable Duration export) {
	}

}
