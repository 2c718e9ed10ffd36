package cloud.ims.standalone.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.util.UUID;

import cloud.ims.core.identity.credential.CredentialKey;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

/**
 * The certificate and keys of one standalone installation under its data directory: {@code tls/server.crt} and
 * {@code tls/server.key} for HTTPS, {@code keys/jwt-signing-key.json} (private JWK) and
 * {@code keys/jwt-public-key.pem} for access tokens, {@code keys/credential-key} (AES-256, Base64) that seals the
 * secrets of access keys in the database. What is missing is generated on first use; what exists is never replaced,
 * so tokens, trusted certificates and stored access keys stay valid across restarts.
 */
public final class SecurityMaterial {

	private final Path certificate;

	private final Path privateKey;

	private final Path jwtSigningKey;

	private final Path jwtPublicKey;

	private final Path credentialKey;

	private final Clock clock;

	private SecurityMaterial(Path dataDir, Clock clock) {
		this.certificate = dataDir.resolve("tls/server.crt");
		this.privateKey = dataDir.resolve("tls/server.key");
		this.jwtSigningKey = dataDir.resolve("keys/jwt-signing-key.json");
		this.jwtPublicKey = dataDir.resolve("keys/jwt-public-key.pem");
		this.credentialKey = dataDir.resolve("keys/credential-key");
		this.clock = clock;
	}

	/** The material under {@code dataDir}, generating whatever does not exist yet. */
	public static SecurityMaterial ensure(Path dataDir) {
		return ensure(dataDir, Clock.systemUTC());
	}

	static SecurityMaterial ensure(Path dataDir, Clock clock) {
		SecurityMaterial material = new SecurityMaterial(dataDir.toAbsolutePath().normalize(), clock);
		material.ensureCertificate();
		material.ensureJwtKeys();
		material.ensureCredentialKey();
		return material;
	}

	private void ensureCertificate() {
		if (!Files.exists(this.certificate) && !Files.exists(this.privateKey)) {
			SelfSignedCertificate.write(this.certificate, this.privateKey, this.clock);
		}
		else if (!Files.exists(this.certificate) || !Files.exists(this.privateKey)) {
			throw new IllegalStateException("Only one of " + this.certificate + " and " + this.privateKey
					+ " exists; remove it to generate a new pair");
		}
	}

	private void ensureJwtKeys() {
		if (!Files.exists(this.jwtSigningKey)) {
			PemFiles.writeSecret(this.jwtSigningKey, newSigningKey().toJSONString());
		}
		if (!Files.exists(this.jwtPublicKey)) {
			// The public key derives from the private one, so a lost PEM is simply written again.
			try {
				byte[] spki = signingKey().toRSAPublicKey().getEncoded();
				PemFiles.writePublic(this.jwtPublicKey, PemFiles.pem("PUBLIC KEY", spki));
			}
			catch (JOSEException ex) {
				throw new IllegalStateException("Cannot read the public key of " + this.jwtSigningKey, ex);
			}
		}
	}

	private void ensureCredentialKey() {
		if (!Files.exists(this.credentialKey)) {
			PemFiles.writeSecret(this.credentialKey, CredentialKey.newKeyFileContent(new SecureRandom()));
		}
	}

	private static RSAKey newSigningKey() {
		try {
			return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString())
				.keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.RS256)
				.generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot generate the JWT signing key", ex);
		}
	}

	private RSAKey signingKey() {
		try {
			return RSAKey.parse(Files.readString(this.jwtSigningKey));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (ParseException ex) {
			throw new IllegalStateException(this.jwtSigningKey + " is not an RSA JWK", ex);
		}
	}

	/** Signs tokens with this installation's key. */
	public TokenIssuer tokenIssuer() {
		return new TokenIssuer(signingKey(), this.clock);
	}

	/** {@code tls/server.crt}: the self-signed certificate, PEM. */
	public Path certificate() {
		return this.certificate;
	}

	/** {@code tls/server.key}: its private key, PKCS#8 PEM. */
	public Path privateKey() {
		return this.privateKey;
	}

	/** {@code keys/jwt-signing-key.json}: the RSA private JWK that signs tokens. */
	public Path jwtSigningKey() {
		return this.jwtSigningKey;
	}

	/** {@code keys/jwt-public-key.pem}: the X.509 SubjectPublicKeyInfo PEM that verifies them. */
	public Path jwtPublicKey() {
		return this.jwtPublicKey;
	}

	/** {@code keys/credential-key}: the AES-256 key (Base64) that seals access-key secrets, readable by its owner only. */
	public Path credentialKey() {
		return this.credentialKey;
	}
}
