package cloud.ims.gateway.identity;

import java.nio.charset.StandardCharsets;

import javax.crypto.spec.SecretKeySpec;

/**
 * The secret of an access key and whether the key may be used. The SDK uses the secret's UTF-8 bytes as the HMAC key
 * itself (no derived key), so the key spec is made once here and can be cached with the credential.
 */
public final class AccessKeySecret {

	private final SecretKeySpec hmacKey;

	private final boolean active;

	private AccessKeySecret(String secret, boolean active) {
		if (secret.isEmpty()) {
			throw new IllegalArgumentException("An access key's secret cannot be empty");
		}
		this.hmacKey = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), SignedRequestVerifier.HMAC);
		this.active = active;
	}

	public static AccessKeySecret active(String secret) {
		return new AccessKeySecret(secret, true);
	}

	/** A key that exists but was deactivated: requests it signs are refused even when the signature is right. */
	public static AccessKeySecret inactive(String secret) {
		return new AccessKeySecret(secret, false);
	}

	public boolean isActive() {
		return this.active;
	}

	SecretKeySpec hmacKey() {
		return this.hmacKey;
	}

	@Override
	public String toString() {
		return "AccessKeySecret[" + (this.active ? "active" : "inactive") + "]";
	}

}
