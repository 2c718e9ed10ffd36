package cloud.ims.core.job;

/**
 * The command a job was accepted with, kept on the job until it is confirmed sent to Kafka.
 * Recording it in the same document as the job makes acceptance and the promise to dispatch one atomic write.
 */
public record OutboxMessage(String topic, String key, byte[] payload, boolean dispatched) {

	public OutboxMessage markDispatched() {
		return new OutboxMessage(this.topic, this.key, this.payload, true);
	}

}
