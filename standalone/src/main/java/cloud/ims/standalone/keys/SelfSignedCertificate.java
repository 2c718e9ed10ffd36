package cloud.ims.standalone.keys;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Generates the self-signed server certificate that lets the standalone stack speak HTTPS from its first start: an
 * RSA 2048 key, valid ten years, for the names a local client uses (localhost, this host, 127.0.0.1, ::1).
 */
final class SelfSignedCertificate {

	private static final Duration VALIDITY = Duration.ofDays(3650);

	private SelfSignedCertificate() {
	}

	static void write(Path certificateFile, Path privateKeyFile, Clock clock) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			KeyPair keyPair = generator.generateKeyPair();
			X509Certificate certificate = certificate(keyPair, clock.instant());
			PemFiles.writeSecret(privateKeyFile, PemFiles.pem("PRIVATE KEY", keyPair.getPrivate().getEncoded()));
			PemFiles.writePublic(certificateFile, PemFiles.pem("CERTIFICATE", certificate.getEncoded()));
		}
		catch (GeneralSecurityException | OperatorCreationException | CertIOException ex) {
			throw new IllegalStateException("Cannot generate the self-signed certificate", ex);
		}
	}

	private static X509Certificate certificate(KeyPair keyPair, Instant now)
			throws GeneralSecurityException, OperatorCreationException, CertIOException {
		X500Name subject = new X500Name("CN=localhost,O=IMS standalone");
		// Clocks of clients may lag a little behind the one that signed.
		Instant notBefore = now.minus(Duration.ofDays(1));
		JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
				new BigInteger(64, new SecureRandom()).add(BigInteger.ONE), Date.from(notBefore),
				Date.from(now.plus(VALIDITY)), subject, keyPair.getPublic());
		builder.addExtension(Extension.subjectAlternativeName, false, subjectAlternativeNames());
		builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
		builder.addExtension(Extension.keyUsage, true,
				new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
		builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
		return new JcaX509CertificateConverter()
			.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keyPair.getPrivate())));
	}

	private static GeneralNames subjectAlternativeNames() {
		List<GeneralName> names = new ArrayList<>();
		names.add(new GeneralName(GeneralName.dNSName, "localhost"));
		String hostName = hostName();
		if (!hostName.isEmpty() && !hostName.equals("localhost")) {
			names.add(new GeneralName(GeneralName.dNSName, hostName));
		}
		names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
		names.add(new GeneralName(GeneralName.iPAddress, "::1"));
		return new GeneralNames(names.toArray(GeneralName[]::new));
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
		}
		catch (UnknownHostException ex) {
			// A machine without a resolvable name is still reachable as localhost.
			return "";
		}
	}
}
