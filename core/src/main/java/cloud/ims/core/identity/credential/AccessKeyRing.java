package cloud.ims.core.identity.credential;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The access keys of one user, which hold the rule that a user has at most {@value #MAX_KEYS}: a new key takes a
 * free slot, and the store refuses, in the key's one write, a slot another key took meanwhile.
 */
public record AccessKeyRing(String userId, List<AccessKey> keys) {

	/** As Huawei IAM: two keys, so that one can be replaced without a moment with none. */
	public static final int MAX_KEYS = 2;

	static final int SECRET_LENGTH = 40;

	private static final String SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

	public AccessKeyRing {
		keys = List.copyOf(keys);
	}

	/**
	 * A new active key with a random id and a {@value #SECRET_LENGTH}-character secret from {@code random} (a
	 * {@code SecureRandom}), sealed with {@code credentialKey}.
	 *
	 * @throws AccessKeyLimitReached when the user has {@value #MAX_KEYS} keys already
	 */
	public IssuedAccessKey issue(String description, Instant now, CredentialKey credentialKey,
			RandomGenerator random) {
		String checkedDescription = AccessKey.checkedDescription(description);
		Set<Integer> taken = this.keys.stream().map(AccessKey::slot).collect(Collectors.toSet());
		int slot = IntStream.range(0, MAX_KEYS)
			.filter((candidate) -> !taken.contains(candidate))
			.findFirst()
			.orElseThrow(() -> new AccessKeyLimitReached(this.userId, MAX_KEYS));
		AccessKeyId id = AccessKeyId.random(random);
		String secret = randomSecret(random);
		SealedSecret sealed = credentialKey.seal(secret, AccessKey.associatedData(id, this.userId));
		AccessKey key = new AccessKey(id, this.userId, checkedDescription, AccessKeyStatus.ACTIVE,
				now.truncatedTo(ChronoUnit.MILLIS), null, slot, sealed, 0);
		return new IssuedAccessKey(key, secret);
	}

	private static String randomSecret(RandomGenerator random) {
		StringBuilder secret = new StringBuilder(SECRET_LENGTH);
		for (int i = 0; i < SECRET_LENGTH; i++) {
			secret.append(SECRET_ALPHABET.charAt(random.nextInt(SECRET_ALPHABET.length())));
		}
		return secret.toString();
	}

}
