package cloud.ims.messaging.inflight;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import cloud.ims.messaging.WorkerMessagingConfiguration.RedeliverySettings;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.DefaultErrorHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class InFlightConfigurationTests {

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

	private final InFlightListeners listeners = new InFlightListeners(new KafkaListenerEndpointRegistry(),
			new RedeliverySettings(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(50)),
			(record, failure) -> {
			}, this.scheduler);

	private final ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> customizer = new InFlightConfiguration()
		.inFlightContainers(this.listeners);

	@AfterEach
	void stopScheduler() {
		this.scheduler.shutdownNow();
	}

	@Test
	void containersOfListenersWithWorkInFlightAcknowledgeOnlyWhatTheWorkFinished() {
		this.listeners.register("server-commands", InFlightWork.Limits.of(2));
		ConcurrentMessageListenerContainer<Object, Object> container = container("server-commands");
		ConsumerRebalanceListener containersOwn = container.getContainerProperties().getConsumerRebalanceListener();

		this.customizer.configure(container);

		assertThat(container.getContainerProperties().getAckMode()).isEqualTo(AckMode.MANUAL);
		assertThat(container.getContainerProperties().getConsumerRebalanceListener()).isNotSameAs(containersOwn);
		assertThat(((DefaultErrorHandler) container.getCommonErrorHandler()).isAckAfterHandle()).isFalse();
	}

	@Test
	void leavesTheContainersOfOtherListenersAlone() {
		this.listeners.register("server-commands", InFlightWork.Limits.of(2));
		ConcurrentMessageListenerContainer<Object, Object> container = container("image-commands");
		ConsumerRebalanceListener containersOwn = container.getContainerProperties().getConsumerRebalanceListener();

		this.customizer.configure(container);

		assertThat(container.getContainerProperties().getAckMode()).isEqualTo(AckMode.BATCH);
		assertThat(container.getContainerProperties().getConsumerRebalanceListener()).isSameAs(containersOwn);
		assertThat(((DefaultErrorHandler) container.getCommonErrorHandler()).isAckAfterHandle()).isTrue();
	}

	@Test
	void refusesASecondWorkInFlightForOneListener() {
		this.listeners.register("server-commands", InFlightWork.Limits.of(2));

		assertThatIllegalStateException()
			.isThrownBy(() -> this.listeners.register("server-commands", InFlightWork.Limits.of(2)));
	}

	private static ConcurrentMessageListenerContainer<Object, Object> container(String listenerId) {
		ConcurrentMessageListenerContainer<Object, Object> container = new ConcurrentMessageListenerContainer<>(
				new DefaultKafkaConsumerFactory<>(Map.of()), new ContainerProperties("topic"));
		container.setBeanName(listenerId);
		container.setCommonErrorHandler(new DefaultErrorHandler());
		return container;
	}

}
