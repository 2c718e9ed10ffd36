package cloud.ims.core.identity.credential;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;

/** Access keys as the domain issues them, sealed with a fixed test key. */
public final class AccessKeyFixture {

	public static final CredentialKey CREDENTIAL_KEY = CredentialKey.of(new byte[32]);

	public static final Instant NOW = Instant.parse("2026-12-07T10:15:30.123456Z");

	private AccessKeyFixture() {
	}

	/** A first key of a user who has none. */
	public static IssuedAccessKey aNewKeyOf(String userId) {
		return new AccessKeyRing(userId, List.of()).issue("for tests", NOW, CREDENTIAL_KEY, new SecureRandom());
	}

}
