package cloud.ims.messaging.ops;

/**
 * Kafka did not tell a consumer group's lag in time (or the thread asking was interrupted).
 */
public class LagUnavailable extends RuntimeException {

	public LagUnavailable(String group, Throwable cause) {
		super("Lag of consumer group " + group + " unavailable: " + cause, cause);
	}

}
