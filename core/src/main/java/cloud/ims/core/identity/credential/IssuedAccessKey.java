package cloud.ims.core.identity.credential;

/**
 * A key just issued, with its secret in clear: the one moment the secret is shown, to the one who asked for it.
 */
public record IssuedAccessKey(AccessKey key, String secret) {

	@Override
	public String toString() {
		return "IssuedAccessKey[" + this.key.id() + ", user=" + this.key.userId() + "]";
	}

}
