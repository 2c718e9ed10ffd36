package cloud.ims.core.identity.credential;

import java.util.Arrays;
import java.util.Optional;

/** Whether requests signed with an access key are accepted. */
public enum AccessKeyStatus {

	ACTIVE("active"), INACTIVE("inactive");

	private final String wireName;

	AccessKeyStatus(String wireName) {
		this.wireName = wireName;
	}

	public String wireName() {
		return this.wireName;
	}

	public static Optional<AccessKeyStatus> fromWireName(String name) {
		return Arrays.stream(values()).filter((status) -> status.wireName.equals(name)).findFirst();
	}

}
