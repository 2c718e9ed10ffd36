package cloud.ims.messaging.commands;

import java.time.Duration;
import java.util.concurrent.Future;

import cloud.ims.core.job.OutboxMessage;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaCommandSenderTests {

	private static final OutboxMessage COMMAND = new OutboxMessage("ims.image.commands", "image-1",
			new byte[] { 1, 2, 3 }, false);

	@Test
	void sendsTheRecordedCommandToItsTopicUnderItsKey() {
		MockProducer<String, byte[]> producer = producer(true);

		sender(producer).send(COMMAND).block(Duration.ofSeconds(5));

		assertThat(producer.history()).singleElement().satisfies((record) -> {
			assertThat(record.topic()).isEqualTo("ims.image.commands");
			assertThat(record.key()).isEqualTo("image-1");
			assertThat(record.value()).containsExactly(1, 2, 3);
		});
	}

	@Test
	void failsWhenTheBrokerDoesNotTakeTheCommand() {
		MockProducer<String, byte[]> producer = producer(false);

		assertThatThrownBy(() -> sender(producer).send(COMMAND).block(Duration.ofSeconds(5)))
			.hasRootCauseInstanceOf(TimeoutException.class);
	}

	private static KafkaCommandSender sender(MockProducer<String, byte[]> producer) {
		return new KafkaCommandSender(new KafkaTemplate<>(new MockProducerFactory<>(() -> producer)));
	}

	/** A producer that keeps its history when the template closes it, and fails every send unless it accepts. */
	private static MockProducer<String, byte[]> producer(boolean accepts) {
		return new MockProducer<>(accepts, null, new StringSerializer(), new ByteArraySerializer()) {

			@Override
			public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
				Future<RecordMetadata> sent = super.send(record, callback);
				if (!accepts) {
					errorNext(new TimeoutException("broker down"));
				}
				return sent;
			}

			@Override
			public void close() {
			}

			@Override
			public void close(Duration timeout) {
			}

		};
	}

}
