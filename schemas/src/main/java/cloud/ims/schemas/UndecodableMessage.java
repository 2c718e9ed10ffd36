package cloud.ims.schemas;

/**
 * A message that no retry can ever decode; consumers dead-letter it at once.
 */
public abstract class UndecodableMessage extends RuntimeException {

	UndecodableMessage(String message, Throwable cause) {
		super(message, cause);
	}

}
