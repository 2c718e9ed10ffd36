package cloud.ims.core.server;

import cloud.ims.core.common.Ids;

/**
 * The id of server: a UUID.
 */
public record ServerId(String value) {

	public static ServerId newId() {
		return new ServerId(Ids.newId());
	}

	@Override
	public String toString() {
		return this.value;
	}

}
