package cloud.ims.gateway.identity;

/**
 * An {@code Authorization} header that is not an {@code SDK-HMAC-SHA256} signature; the message says how to fix it.
 * Without a stack trace: it is an answer to a client, thrown and caught inside this package.
 */
final class MalformedAuthorization extends RuntimeException {

	MalformedAuthorization(String message) {
		super(message, null, false, false);
	}

}
