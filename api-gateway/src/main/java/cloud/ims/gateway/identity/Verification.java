package cloud.ims.gateway.identity;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;

/**
 * The answer of {@link SignedRequestVerifier}: the access key that signed the request, or why it was refused.
 */
public sealed interface Verification {

	/** The request was signed with the secret of this active access key. */
	record Verified(String accessKey) implements Verification {
	}

	/** The request is not authenticated; the message says what to fix and never carries a secret or signature. */
	record Refused(Refusal refusal, String message) implements Verification {

		public String code() {
			return this.refusal.code();
		}

		/** As the exception the gateway maps to a 401 with this code and message. */
		public ImsException toException() {
			return new ImsException(Kind.UNAUTHENTICATED, code(), this.message);
		}

	}

}
