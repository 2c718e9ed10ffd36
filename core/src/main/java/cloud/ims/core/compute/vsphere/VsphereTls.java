package cloud.ims.core.compute.vsphere;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Which vCenter certificates IMS trusts: a pinned SHA-256 thumbprint, the certificates of a PEM file, or the JVM's
 * trust store; and plain HTTP only to a loopback address (vcsim on the same machine).
 */
final class VsphereTls {

	private static final Pattern IPV4_LOOPBACK = Pattern
		.compile("127(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

	private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

	private VsphereTls() {
	}

	static SSLContext context(VsphereSettings settings) {
		checkScheme(settings.url());
		if (settings.thumbprint() != null && !settings.thumbprint().isBlank() && settings.caFile() != null) {
			throw new IllegalArgumentException("ims.vsphere.thumbprint and ims.vsphere.ca-file are both set: set one of"
					+ " them (the thumbprint pins one certificate, the file trusts those it holds)");
		}
		try {
			if (settings.thumbprint() != null && !settings.thumbprint().isBlank()) {
				SSLContext context = SSLContext.getInstance("TLS");
				context.init(null, new TrustManager[] { new PinnedThumbprint(settings.thumbprint()) }, null);
				return context;
			}
			if (settings.caFile() != null) {
				KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
				store.load(null, null);
				int n = 0;
				try (InputStream in = Files.newInputStream(settings.caFile())) {
					for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
						store.setCertificateEntry("ca-" + n++, certificate);
					}
				}
				if (n == 0) {
					throw new IllegalArgumentException(
							"ims.vsphere.ca-file " + settings.caFile() + " holds no PEM certificate");
				}
				TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
				factory.init(store);
				SSLContext context = SSLContext.getInstance("TLS");
				context.init(null, factory.getTrustManagers(), null);
				return context;
			}
			return SSLContext.getDefault();
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalArgumentException("ims.vsphere.ca-file " + settings.caFile() + " cannot be read: " + ex,
					ex);
		}
	}

	static void checkScheme(URI url) {
		String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
		if (scheme.equals("https")) {
			return;
		}
		if (scheme.equals("http") && isLoopback(url.getHost())) {
			return;
		}
		throw new IllegalArgumentException("ims.vsphere.url " + url
				+ " must be https:// (plain http:// is allowed only to a loopback address such as 127.0.0.1)");
	}

	/** Literal loopback addresses and {@code localhost} only: a name that DNS resolves could be redirected. */
	static boolean isLoopback(String host) {
		if (host == null) {
			return false;
		}
		String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
		if (literal.equalsIgnoreCase("localhost")) {
			return true;
		}
		if (IPV4_LOOPBACK.matcher(literal).matches()) {
			return true;
		}
		if (literal.contains(":") && IPV6_LITERAL.matcher(literal).matches()) {
			try {
				// a literal: InetAddress parses it without asking DNS
				return InetAddress.getByName(literal).isLoopbackAddress();
			}
			catch (UnknownHostException ex) {
				return false;
			}
		}
		return false;
	}

	static String thumbprint(X509Certificate certificate) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
			return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
		}
		catch (NoSuchAlgorithmException | CertificateException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Trusts exactly the certificate with the pinned fingerprint. An extended trust manager, so the JDK leaves the
	 * host name alone: the pin identifies the server better than a name on a self-signed certificate.
	 */
	static final class PinnedThumbprint extends X509ExtendedTrustManager {

		private final String expected;

		PinnedThumbprint(String thumbprint) {
			this.expected = normalize(thumbprint);
			if (!this.expected.matches("[0-9A-F]{64}")) {
				throw new IllegalArgumentException("ims.vsphere.thumbprint '" + thumbprint
						+ "' is not a SHA-256 fingerprint (64 hex digits, colons optional)");
			}
		}

		private static String normalize(String thumbprint) {
			return thumbprint.replace(":", "").replace(" ", "").trim().toUpperCase(Locale.ROOT);
		}

		private void check(X509Certificate[] chain) throws CertificateException {
			if (chain == null || chain.length == 0) {
				throw new CertificateException("vCenter presented no certificate");
			}
			String actual = thumbprint(chain[0]);
			if (!normalize(actual).equals(this.expected)) {
				throw new CertificateException("vCenter's certificate has the SHA-256 thumbprint " + actual
						+ ", not the one ims.vsphere.thumbprint pins");
			}
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
			check(chain);
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
				throws CertificateException {
			check(chain);
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
				throws CertificateException {
			check(chain);
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
			throw new CertificateException("IMS does not accept clients");
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
				throws CertificateException {
			throw new CertificateException("IMS does not accept clients");
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
				throws CertificateException {
			throw new CertificateException("IMS does not accept clients");
		}

		@Override
		public X509Certificate[] getAcceptedIssuers() {
			return new X509Certificate[0];
		}

	}

}
