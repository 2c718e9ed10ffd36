package cloud.ims.provisioning;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import cloud.ims.core.spring.DataPlaneSettings;
import cloud.ims.messaging.WorkerMessagingConfiguration;
import cloud.ims.messaging.WorkerMessagingConfiguration.RedeliverySettings;
import cloud.ims.messaging.inflight.Backpressure;
import cloud.ims.messaging.inflight.InFlightWork;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * How server commands flow: the listener hands each record to {@link InFlightWork}, which keeps up to
 * {@code ims.driver.max-in-flight} operations in flight whatever the number of partitions and consumer threads,
 * and acknowledges records (AckMode MANUAL) once their work is done. See ADR 26.
 */
@Configuration(proxyBeanMethods = false)
class ServerCommandsPipeline {

	/** How long a stopping worker lets the work in flight finish; what is not done by then is redelivered. */
	static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

	private static final Logger log = LoggerFactory.getLogger(ServerCommandsPipeline.class);

	@Bean(destroyMethod = "shutdownNow")
	ScheduledExecutorService pipelineRetries() {
		return Executors.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("pipeline-retry-"));
	}

	@Bean
	InFlightWork serverCommandsInFlight(DataPlaneSettings settings, KafkaListenerEndpointRegistry registry,
			RedeliverySettings redelivery, ConsumerRecordRecoverer imsDeadLetters,
			ScheduledExecutorService pipelineRetries, MeterRegistry meterRegistry) {
		InFlightWork work = new InFlightWork(InFlightWork.Limits.of(settings.driver().maxInFlight()),
				Backpressure.ofListener(registry, ServerCommandsListener.ID), redelivery.backOff(),
				WorkerMessagingConfiguration::isRetryable, imsDeadLetters, pipelineRetries);
		Gauge.builder("ims.pipeline.running", work, InFlightWork::running)
			.description("Server commands whose work runs now (at most ims.driver.max-in-flight)")
			.register(meterRegistry);
		Gauge.builder("ims.pipeline.admitted", work, InFlightWork::admitted)
			.description("Server commands taken from Kafka and not yet done, running or waiting")
			.register(meterRegistry);
		return work;
	}

	/**
	 * Records are acknowledged by the work in flight, in offset order; the error handler, which dead-letters poison
	 * on the consumer thread, must not commit the poison's offset, which would commit past records still running.
	 */
	@Bean
	ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> serverCommandsContainer(
			InFlightWork serverCommandsInFlight) {
		return (container) -> {
			if (!ServerCommandsListener.ID.equals(container.getListenerId())) {
				return;
			}
			container.getContainerProperties().setAckMode(AckMode.MANUAL);
			container.getContainerProperties().setConsumerRebalanceListener(serverCommandsInFlight.rebalanceListener());
			if (container.getCommonErrorHandler() instanceof DefaultErrorHandler errorHandler) {
				errorHandler.setAckAfterHandle(false);
			}
		};
	}

	/**
	 * Stops before the listener containers do: no new work starts, and the work in flight may finish (and be
	 * committed as the containers stop) for up to {@link #STOP_TIMEOUT}.
	 */
	@Bean
	SmartLifecycle serverCommandsDrain(InFlightWork serverCommandsInFlight) {
		return new SmartLifecycle() {

			private volatile boolean running;

			@Override
			public void start() {
				this.running = true;
			}

			@Override
			public void stop() {
				this.running = false;
				try {
					if (!serverCommandsInFlight.stop(STOP_TIMEOUT)) {
						log.warn("Work in flight did not finish within {}; it is redelivered after the restart",
								STOP_TIMEOUT);
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}

			@Override
			public boolean isRunning() {
				return this.running;
			}

			@Override
			public int getPhase() {
				// Stopped first: the containers (DEFAULT_PHASE) keep committing the acknowledgements meanwhile.
				return AbstractMessageListenerContainer.DEFAULT_PHASE + 1;
			}

		};
	}

}
