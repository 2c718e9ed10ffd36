package cloud.ims.core.spring;

import cloud.ims.core.compute.ComputeDriver;
import cloud.ims.core.compute.simulated.Latencies;
import cloud.ims.core.compute.simulated.SimulatedVmwareDriver;
import cloud.ims.core.metrics.MeteredComputeDriver;
import cloud.ims.core.qemu.QemuImg;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
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
	ComputeDriver computeDriver(DataPlaneSettings settings, QemuImg qemuImg,
			ObjectProvider<MeterRegistry> meterRegistry) {
		DataPlaneSettings.SimulatedSettings simulated = settings.driver().simulated();
		DataPlaneSettings.Latencies own = simulated.latencies();
		SimulatedVmwareDriver driver = new SimulatedVmwareDriver(settings.simulatedDriverRoot(),
				new Latencies(simulated.latency(), own.create(), own.power(), own.delete(), own.export()),
				simulated.failureRate(), simulated.capacity(), qemuImg);
		return new MeteredComputeDriver(driver, meterRegistry.getIfAvailable(SimpleMeterRegistry::new));
	}

}
