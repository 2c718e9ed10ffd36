package cloud.ims.core.spring;

import cloud.ims.core.compute.ComputeDriver;
import cloud.ims.core.compute.simulated.SimulatedVmwareDriver;
import cloud.ims.core.qemu.QemuImg;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The data-plane adapters the workers use: qemu-img, the image store and the simulated VMware Service.
 */
@Configuration(proxyBeanMethods = false)
@Import(ImageStoreConfiguration.class)
public class DataPlaneConfiguration {

	@Bean
	QemuImg qemuImg(DataPlaneSettings settings) {
		DataPlaneSettings.QemuImgSettings qemu = settings.qemuImg();
		return new QemuImg(qemu.path(), qemu.timeout(), qemu.memoryLimit().toBytes());
	}

	@Bean
	@ConditionalOnMissingBean
	ComputeDriver computeDriver(DataPlaneSettings settings, QemuImg qemuImg) {
		DataPlaneSettings.SimulatedSettings simulated = settings.driver().simulated();
		return new SimulatedVmwareDriver(settings.simulatedDriverRoot(), simulated.latency(), simulated.failureRate(),
				simulated.capacity(), qemuImg);
	}

}
