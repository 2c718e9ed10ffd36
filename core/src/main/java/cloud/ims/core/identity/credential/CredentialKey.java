package cloud.ims.core.identity.credential;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 key that seals access-key secrets at rest (AES-GCM, a random 96-bit nonce per secret, the access key
 * and its user as associated data, so that a sealed secret cannot be moved to another key's record). It lives in a
 * file outside the database: whoever reads a database dump without it learns no secret. The file holds the key in
 * Base64 on one line ({@link #newKeyFileContent}).
 */
public final class CredentialKey {

	static final int KEY_BYTES = 32;

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private static final String TRANSFORMATION = "AES/GCM/NoPadding";

	private final SecretKeySpec key;

	private final String fingerprint;

	private final SecureRandom random;

	private CredentialKey(byte[] key, SecureRandom random) {
		if (key.length != KEY_BYTES) {
			throw new IllegalArgumentException("A credential key has " + KEY_BYTES + " bytes, not " + key.length);
		}
		this.key = new SecretKeySpec(key, "AES");
		this.fingerprint = HexFormat.of().formatHex(sha256(key), 0, 8);
		this.random = random;
	}

	public static CredentialKey of(byte[] key) {
		return new CredentialKey(key.clone(), new SecureRandom());
	}

	/**
	 * Reads the key from its file; the message of a failure names the file and says what it must hold, never the
	 * key.
	 */
	public static CredentialKey read(Path file) {
		String text;
		try {
			text = Files.readString(file, StandardCharsets.US_ASCII).strip();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the credential key file " + file
					+ " (the key that encrypts access-key secrets)", ex);
		}
		byte[] key;
		try {
			key = Base64.getDecoder().decode(text);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("The credential key file " + file + " does not hold Base64 text. It must "
					+ "hold " + KEY_BYTES + " random bytes in Base64 on one line, e.g. from: head -c " + KEY_BYTES
					+ " /dev/urandom | base64");
		}
		if (key.length != KEY_BYTES) {
			throw new IllegalStateException("The credential key file " + file + " holds " + key.length + " bytes, not "
					+ KEY_BYTES + " (AES-256). Generate one with: head -c " + KEY_BYTES + " /dev/urandom | base64");
		}
		try {
			return new CredentialKey(key, new SecureRandom());
		}
		finally {
			Arrays.fill(key, (byte) 0);
		}
	}

	/** The content of a new key file: {@value #KEY_BYTES} bytes from {@code random}, Base64, one line. */
	public static String newKeyFileContent(SecureRandom random) {
		byte[] key = new byte[KEY_BYTES];
		random.nextBytes(key);
		try {
			return Base64.getEncoder().encodeToString(key) + "\n";
		}
		finally {
			Arrays.fill(key, (byte) 0);
		}
	}

	/** The first 16 hex digits of the key's SHA-256: names the key in a record without revealing it. */
	public String fingerprint() {
		return this.fingerprint;
	}

	SealedSecret seal(String secret, byte[] associatedData) {
		byte[] nonce = new byte[NONCE_BYTES];
		this.random.nextBytes(nonce);
		try {
			Cipher cipher = Cipher.getInstance(TRANSFORMATION);
			cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, nonce));
			cipher.updateAAD(associatedData);
			return new SealedSecret(this.fingerprint, nonce, cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Every Java runtime has " + TRANSFORMATION, ex);
		}
	}

	String open(SealedSecret sealed, byte[] associatedData) {
		if (!sealed.keyFingerprint().equals(this.fingerprint)) {
			throw new SecretUnreadable("was sealed with the credential key " + sealed.keyFingerprint()
					+ ", but the configured key is " + this.fingerprint + ": configure the key file it was sealed with");
		}
		try {
			Cipher cipher = Cipher.getInstance(TRANSFORMATION);
			cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, sealed.nonce()));
			cipher.updateAAD(associatedData);
			return new String(cipher.doFinal(sealed.ciphertext()), StandardCharsets.UTF_8);
		}
		catch (AEADBadTagException ex) {
			throw new SecretUnreadable("does not open with the credential key " + this.fingerprint
					+ ": its record was altered, or moved from another access key");
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Every Java runtime has " + TRANSFORMATION, ex);
		}
	}

	private static byte[] sha256(byte[] bytes) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(bytes);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java runtime has SHA-256", ex);
		}
	}

	@Override
	public String toString() {
		return "CredentialKey[" + this.fingerprint + "]";
	}

	/** A stored secret that this key cannot open; an operator's problem, never the client's. */
	public static final class SecretUnreadable extends IllegalStateException {

		SecretUnreadable(String reason) {
			super("An access key's secret " + reason);
		}

	}

}
