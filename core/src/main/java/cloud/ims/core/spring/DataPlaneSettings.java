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

	/** The qemu-img binary and the limits every run of it gets. */
	public record QemuImgSettings(@DefaultValue("qemu-img") String path, @DefaultValue("10m") Duration timeout,
			@DefaultValue("2GB") DataSize memoryLimit) {
	}

	/** The compute driver: the simulated VMware Service for now. */
	public record DriverSettings(@DefaultValue SimulatedSettings simulated) {
	}

	/** The simulated VMware Service: one shared place for its inventory and disks, and its service conditions. */
	public record SimulatedSettings(@Nullable Path root, @DefaultValue("0s") Duration latency,
			@DefaultValue("0.0") double failureRate, @DefaultValue("64") int capacity) {
	}

}
