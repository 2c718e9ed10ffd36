package cloud.ims.core.common;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Resource ids are random UUIDs in their canonical lower-case form.
 */
public final class Ids {

	private static final Pattern UUID_FORM = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

	private Ids() {
	}

	public static String newId() {
		return UUID.randomUUID().toString();
	}

	public static boolean isWellFormed(String id) {
		return UUID_FORM.matcher(id).matches();
	}

}
