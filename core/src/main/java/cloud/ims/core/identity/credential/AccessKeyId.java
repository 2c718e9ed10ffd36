package cloud.ims.core.identity.credential;

import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/** The id of an access key (the AK): 20 upper-case letters and digits, as Huawei IAM's. */
public record AccessKeyId(String value) {

	static final int LENGTH = 20;

	private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

	private static final Pattern FORM = Pattern.compile("[A-Z0-9]{" + LENGTH + "}");

	public AccessKeyId {
		if (!isWellFormed(value)) {
			throw new IllegalArgumentException("An access key id is " + LENGTH + " upper-case letters and digits");
		}
	}

	/** Whether {@code text} has the form of an access key id; a lookup of anything else can answer at once. */
	public static boolean isWellFormed(String text) {
		return FORM.matcher(text).matches();
	}

	static AccessKeyId random(RandomGenerator random) {
		StringBuilder id = new StringBuilder(LENGTH);
		for (int i = 0; i < LENGTH; i++) {
			id.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
		}
		return new AccessKeyId(id.toString());
	}

	@Override
	public String toString() {
		return this.value;
	}

}
