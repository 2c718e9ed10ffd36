package cloud.ims.messaging.inflight;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import cloud.ims.messaging.WorkerMessagingConfiguration;
import cloud.ims.messaging.WorkerMessagingConfiguration.RedeliverySettings;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * For a worker whose listeners hand their records to work in flight ({@link InFlightListeners#register}): their
 * containers acknowledge only what the work says is done, follow the work's partitions, and stop after the work
 * did. See ADR 26.
 */
@Configuration(proxyBeanMethods = false)
@Import(WorkerMessagingConfiguration.class)
public class InFlightConfiguration {

	@Bean(destroyMethod = "shutdownNow")
	ScheduledExecutorService pipelineRetries() {
		return Executors.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("pipeline-retry-"));
	}

	@Bean
	InFlightListeners inFlightListeners(KafkaListenerEndpointRegistry registry, RedeliverySettings redelivery,
			ConsumerRecordRecoverer imsDeadLetters, ScheduledExecutorService pipelineRetries) {
		return new InFlightListeners(registry, redelivery, imsDeadLetters, pipelineRetries);
	}

	/**
	 * Records are acknowledged by the work in flight, in offset order (AckMode MANUAL); the error handler, which
	 * dead-letters poison on the consumer thread, must not commit the poison's offset, which would commit past
	 * records still running.
	 */
	@Bean
	ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> inFlightContainers(
			InFlightListeners inFlightListeners) {
		return (container) -> {
			InFlightWork work = inFlightListeners.of(container.getListenerId());
			if (work == null) {
				return;
			}
			container.getContainerProperties().setAckMode(AckMode.MANUAL);
			container.getContainerProperties().setConsumerRebalanceListener(work.rebalanceListener());
			if (container.getCommonErrorHandler() instanceof DefaultErrorHandler errorHandler) {
				errorHandler.setAckAfterHandle(false);
			}
		};
	}

	@Bean
	SmartLifecycle inFlightDrain(InFlightListeners inFlightListeners) {
		return new InFlightDrain(inFlightListeners);
	}

}
