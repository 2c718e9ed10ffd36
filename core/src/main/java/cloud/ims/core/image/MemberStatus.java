package cloud.ims.core.image;

import java.util.Locale;
import java.util.Optional;

/**
 * Where a project stands on an image shared with it: the owner added it ({@code pending}), and the project accepted
 * or rejected it. Only an accepted image is listed by default and can be used to create ECSs.
 */
public enum MemberStatus {

	PENDING, ACCEPTED, REJECTED;

	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The status of its wire name; empty for anything else. */
	public static Optional<MemberStatus> fromWireName(String name) {
		for (MemberStatus status : values()) {
			if (status.wireName().equals(name)) {
				return Optional.of(status);
			}
		}
		return Optional.empty();
	}

}
