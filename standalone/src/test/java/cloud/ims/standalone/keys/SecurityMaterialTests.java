package cloud.ims.standalone.keys;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;

import cloud.ims.core.identity.credential.CredentialKey;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class SecurityMaterialTests {

	private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

	@TempDir
	Path data;

	@Test
	void generatesCertificateAndKeysOnFirstUse() throws Exception {
		SecurityMaterial material = SecurityMaterial.ensure(this.data);

		assertThat(material.certificate()).isEqualTo(this.data.resolve("tls/server.crt")).exists();
		assertThat(Files.readString(material.privateKey())).startsWith("-----BEGIN PRIVATE KEY-----");
		assertThat(Files.readString(material.jwtPublicKey())).startsWith("-----BEGIN PUBLIC KEY-----");
		assertThat(JWK.parse(Files.readString(material.jwtSigningKey())).isPrivate()).isTrue();
		assertThat(Files.getPosixFilePermissions(material.jwtSigningKey()))
			.containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
		assertThat(Files.getPosixFilePermissions(material.privateKey()))
			.containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
		assertThat(material.credentialKey()).isEqualTo(this.data.resolve("keys/credential-key"));
		assertThat(Files.getPosixFilePermissions(material.credentialKey()))
			.containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
		assertThat(CredentialKey.read(material.credentialKey()).fingerprint()).hasSize(16);
	}

	@Test
	void issuesCertificateForLocalNamesValidForTenYears() throws Exception {
		SecurityMaterial material = SecurityMaterial.ensure(this.data, Clock.fixed(NOW, ZoneOffset.UTC));

		X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
			.generateCertificate(new ByteArrayInputStream(Files.readAllBytes(material.certificate())));
		List<String> names = certificate.getSubjectAlternativeNames()
			.stream()
			.map((name) -> String.valueOf(name.get(1)))
			.toList();
		assertThat(names).contains("localhost", "127.0.0.1").containsAnyOf("0:0:0:0:0:0:0:1", "::1");
		assertThat(certificate.getNotAfter()).isAfterOrEqualTo(Date.from(NOW.plus(Duration.ofDays(3650))));
		certificate.verify(certificate.getPublicKey());
	}

	@Test
	void keepsExistingMaterial() throws Exception {
		SecurityMaterial first = SecurityMaterial.ensure(this.data);
		String certificate = Files.readString(first.certificate());
		String signingKey = Files.readString(first.jwtSigningKey());
		String publicKey = Files.readString(first.jwtPublicKey());
		String credentialKey = Files.readString(first.credentialKey());

		SecurityMaterial second = SecurityMaterial.ensure(this.data);

		assertThat(Files.readString(second.credentialKey())).isEqualTo(credentialKey);
		assertThat(Files.readString(second.certificate())).isEqualTo(certificate);
		assertThat(Files.readString(second.jwtSigningKey())).isEqualTo(signingKey);
		assertThat(Files.readString(second.jwtPublicKey())).isEqualTo(publicKey);
	}

	@Test
	void writesLostPublicKeyAgainFromSigningKey() throws Exception {
		SecurityMaterial material = SecurityMaterial.ensure(this.data);
		String publicKey = Files.readString(material.jwtPublicKey());
		Files.delete(material.jwtPublicKey());

		SecurityMaterial.ensure(this.data);

		assertThat(Files.readString(material.jwtPublicKey())).isEqualTo(publicKey);
	}

	@Test
	void issuesTokenThatPublicKeyVerifies() throws Exception {
		SecurityMaterial material = SecurityMaterial.ensure(this.data, Clock.fixed(NOW, ZoneOffset.UTC));

		SignedJWT token = SignedJWT
			.parse(material.tokenIssuer().issue("demo", "alice", true, Duration.ofHours(24)));

		RSAPublicKey publicKey = JWK.parseFromPEMEncodedObjects(Files.readString(material.jwtPublicKey()))
			.toRSAKey()
			.toRSAPublicKey();
		assertThat(token.verify(new RSASSAVerifier(publicKey))).isTrue();
		assertThat(token.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
		assertThat(token.getJWTClaimsSet().getIssuer()).isEqualTo("ims");
		assertThat(token.getJWTClaimsSet().getSubject()).isEqualTo("alice");
		assertThat(token.getJWTClaimsSet().getStringClaim("project_id")).isEqualTo("demo");
		assertThat(token.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("admin", "member");
		assertThat(token.getJWTClaimsSet().getIssueTime()).isEqualTo(Date.from(NOW));
		assertThat(token.getJWTClaimsSet().getExpirationTime()).isEqualTo(Date.from(NOW.plus(Duration.ofHours(24))));
	}

	@Test
	void grantsOnlyMemberRoleToNonAdmin() throws Exception {
		SecurityMaterial material = SecurityMaterial.ensure(this.data);

		SignedJWT token = SignedJWT.parse(material.tokenIssuer().issue("demo", "bob", false, Duration.ofMinutes(5)));

		assertThat(token.getJWTClaimsSet().getStringListClaim("roles")).isEqualTo(List.of("member"));
	}
}
