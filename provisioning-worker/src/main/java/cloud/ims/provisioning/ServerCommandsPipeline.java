package cloud.ims.provisioning;

import cloud.ims.core.spring.DataPlaneSettings;
import cloud.ims.messaging.inflight.InFlightConfiguration;
import cloud.ims.messaging.inflight.InFlightListeners;
import cloud.ims.messaging.inflight.InFlightWork;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * How server commands flow: the listener hands each record to {@link InFlightWork}, which keeps up to
 * {@code ims.driver.max-in-flight} operations in flight whatever the number of partitions and consumer threads,
 * and acknowledges records once their work is done ({@link InFlightConfiguration}). See ADR 26.
 */
@Configuration(proxyBeanMethods = false)
@Import(InFlightConfiguration.class)
class ServerCommandsPipeline {

	@Bean
	InFlightWork serverCommandsInFlight(InFlightListeners inFlightListeners, DataPlaneSettings settings,
			MeterRegistry meterRegistry) {
		InFlightWork work = inFlightListeners.register(ServerCommandsListener.ID,
				InFlightWork.Limits.of(settings.driver().maxInFlight()));
		Gauge.builder("ims.pipeline.running", work, InFlightWork::running)
			.description("Server commands whose work runs now (at most ims.driver.max-in-flight)")
			.register(meterRegistry);
		Gauge.builder("ims.pipeline.admitted", work, InFlightWork::admitted)
			.description("Server commands taken from Kafka and not yet done, running or waiting")
			.register(meterRegistry);
		return work;
	}

}
