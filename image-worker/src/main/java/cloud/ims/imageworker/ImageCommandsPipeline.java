package cloud.ims.imageworker;

import cloud.ims.messaging.inflight.InFlightConfiguration;
import cloud.ims.messaging.inflight.InFlightListeners;
import cloud.ims.messaging.inflight.InFlightWork;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * How image commands flow: the listener hands each record to {@link InFlightWork}, which runs up to
 * {@code ims.image-worker.max-in-flight} commands at once on {@link ImageWorkThreads}, one image's commands one after
 * the other, and acknowledges records once their work is done ({@link InFlightConfiguration}). A slow import source
 * so holds one slot and one pool thread, never a consumer thread: other images' commands go on. See ADR 26.
 */
@Configuration(proxyBeanMethods = false)
@Import(InFlightConfiguration.class)
class ImageCommandsPipeline {

	@Bean
	ImageWorkThreads imageWorkThreads(ImageWorkSettings settings) {
		return new ImageWorkThreads(settings.maxInFlight());
	}

	@Bean
	InFlightWork imageCommandsInFlight(InFlightListeners inFlightListeners, ImageWorkSettings settings,
			MeterRegistry meterRegistry) {
		InFlightWork work = inFlightListeners.register(ImageCommandsListener.ID,
				InFlightWork.Limits.of(settings.maxInFlight()));
		Gauge.builder("ims.image.pipeline.running", work, InFlightWork::running)
			.description("Image commands whose work runs now (at most ims.image-worker.max-in-flight)")
			.register(meterRegistry);
		Gauge.builder("ims.image.pipeline.admitted", work, InFlightWork::admitted)
			.description("Image commands taken from Kafka and not yet done, running or waiting")
			.register(meterRegistry);
		return work;
	}

}
