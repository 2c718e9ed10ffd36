package cloud.ims.core.identity.credential;

import java.util.Arrays;

/**
 * The secret of an access key as stored: AES-256-GCM ciphertext (with its tag) under the credential key whose
 * fingerprint is given, with the nonce it was sealed with. Only {@link CredentialKey} opens it.
 *
 * @param keyFingerprint the first 16 hex digits of the SHA-256 of the credential key, so that a wrong key file is
 * named as such instead of failing as a forged ciphertext
 */
public record SealedSecret(String keyFingerprint, byte[] nonce, byte[] ciphertext) {

	public SealedSecret {
		nonce = nonce.clone();
		ciphertext = ciphertext.clone();
	}

	@Override
	public byte[] nonce() {
		return this.nonce.clone();
	}

	@Override
	public byte[] ciphertext() {
		return this.ciphertext.clone();
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof SealedSecret sealed && this.keyFingerprint.equals(sealed.keyFingerprint)
				&& Arrays.equals(this.nonce, sealed.nonce)
				&& Arrays.equals(this.ciphertext, sealed.ciphertext);
	}

	@Override
	public int hashCode() {
		return this.keyFingerprint.hashCode() * 31 + Arrays.hashCode(this.ciphertext);
	}

	@Override
	public String toString() {
		return "SealedSecret[key=" + this.keyFingerprint + "]";
	}

}
