package cloud.ims.gateway.keystone;

import java.time.Duration;

import cloud.ims.core.common.ImsException;

/** Too many failed sign-ins for this user name or from this address: refused until the window ends. */
final class SignInsThrottled extends ImsException {

	private final Duration retryAfter;

	SignInsThrottled(Duration retryAfter) {
		super(Kind.QUOTA, "IAM.0205", "Too many failed sign-ins for this user or from this address. Try again in "
				+ Math.max(1, retryAfter.toSeconds()) + " seconds.");
		this.retryAfter = retryAfter;
	}

	Duration retryAfter() {
		return this.retryAfter;
	}

}
