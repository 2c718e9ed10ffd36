package cloud.ims.gateway.identity;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.identity.credential.CredentialKey;
import org.jspecify.annotations.Nullable;

/**
 * The credential key of this gateway, when one is configured: access keys are created and used only with it.
 */
final class AccessKeyVault {

	static final String NOT_CONFIGURED = "IAM.0306";

	private final @Nullable CredentialKey key;

	AccessKeyVault(@Nullable CredentialKey key) {
		this.key = key;
	}

	boolean isConfigured() {
		return this.key != null;
	}

	CredentialKey require() {
		if (this.key == null) {
			throw new ImsException(Kind.UNAVAILABLE, NOT_CONFIGURED, "Access keys (AK/SK) are not enabled on this "
					+ "deployment: its operator has not set ims.identity.access-keys.encryption-key-file. Use a token "
					+ "(X-Auth-Token) meanwhile.");
		}
		return this.key;
	}

}
