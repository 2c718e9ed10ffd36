package cloud.ims.core.identity;

import java.util.Arrays;
import java.util.Optional;

/** What a user may do in a project: {@code admin} also manages identities and public images. */
public enum Role {

	ADMIN("admin"), MEMBER("member");

	private final String wireName;

	Role(String wireName) {
		this.wireName = wireName;
	}

	public String wireName() {
		return this.wireName;
	}

	public static Optional<Role> fromWireName(String name) {
		return Arrays.stream(values()).filter((role) -> role.wireName.equals(name)).findFirst();
	}

}
