package cloud.ims.schemas;

import org.jspecify.annotations.Nullable;

/**
 * The bytes are not an Avro single-object encoded message, or its body is corrupt.
 */
public final class MalformedMessage extends UndecodableMessage {

	MalformedMessage(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
