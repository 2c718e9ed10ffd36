package cloud.ims.core.identity.credential;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialKeyTests {

	private static final byte[] DATA = "ims-access-key\nAK\nuser".getBytes(StandardCharsets.UTF_8);

	@TempDir
	Path directory;

	@Test
	void sealsWithAFreshNonceEachTimeAndOpensWhatItSealed() {
		CredentialKey key = CredentialKey.of(new byte[32]);

		SealedSecret first = key.seal("secret-1", DATA);
		SealedSecret second = key.seal("secret-1", DATA);

		assertThat(first.nonce()).hasSize(12).isNotEqualTo(second.nonce());
		assertThat(first.ciphertext()).isNotEqualTo(second.ciphertext());
		assertThat(new String(first.ciphertext(), StandardCharsets.ISO_8859_1)).doesNotContain("secret-1");
		assertThat(key.open(first, DATA)).isEqualTo("secret-1");
		assertThat(first.keyFingerprint()).isEqualTo(key.fingerprint()).hasSize(16);
	}

	@Test
	void refusesToOpenASecretMovedToAnotherKeyOrAltered() {
		CredentialKey key = CredentialKey.of(new byte[32]);
		SealedSecret sealed = key.seal("secret-1", DATA);
		byte[] altered = sealed.ciphertext();
		altered[0] ^= 1;

		assertThatThrownBy(() -> key.open(sealed, "ims-access-key\nOTHER\nuser".getBytes(StandardCharsets.UTF_8)))
			.isInstanceOf(CredentialKey.SecretUnreadable.class)
			.hasMessageContaining("altered, or moved");
		assertThatThrownBy(() -> key.open(new SealedSecret(sealed.keyFingerprint(), sealed.nonce(), altered), DATA))
			.isInstanceOf(CredentialKey.SecretUnreadable.class);
	}

	@Test
	void namesTheKeyASecretWasSealedWithWhenAnotherIsConfigured() {
		byte[] otherBytes = new byte[32];
		otherBytes[0] = 1;
		CredentialKey other = CredentialKey.of(otherBytes);
		SealedSecret sealed = CredentialKey.of(new byte[32]).seal("secret-1", DATA);

		assertThatThrownBy(() -> other.open(sealed, DATA)).isInstanceOf(CredentialKey.SecretUnreadable.class)
			.hasMessageContaining(sealed.keyFingerprint())
			.hasMessageContaining(other.fingerprint());
	}

	@Test
	void readsTheKeyFileItsGeneratorWrites() throws IOException {
		Path file = this.directory.resolve("credential-key");
		Files.writeString(file, CredentialKey.newKeyFileContent(new SecureRandom()));

		CredentialKey key = CredentialKey.read(file);

		assertThat(key.open(key.seal("s", DATA), DATA)).isEqualTo("s");
		assertThat(CredentialKey.read(file).fingerprint()).isEqualTo(key.fingerprint());
	}

	@Test
	void refusesAKeyFileThatIsNotThirtyTwoBytesOfBase64AndSaysHowToMakeOne() throws IOException {
		Path file = this.directory.resolve("credential-key");
		Files.writeString(file, "not base64 at all!");
		assertThatThrownBy(() -> CredentialKey.read(file)).hasMessageContaining(file.toString())
			.hasMessageContaining("head -c 32 /dev/urandom | base64");

		Files.writeString(file, "c2hvcnQ=");
		assertThatThrownBy(() -> CredentialKey.read(file)).hasMessageContaining("holds 5 bytes, not 32");

		assertThatThrownBy(() -> CredentialKey.read(this.directory.resolve("missing")))
			.hasMessageContaining("Cannot read the credential key file");
	}

}
