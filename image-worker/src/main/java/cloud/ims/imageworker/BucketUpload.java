package cloud.ims.imageworker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleConsumer;

import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.imports.SourcePolicy;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * PUTs an exported file to an https URL, as a pre-signed object URL of an object store takes it: one request with
 * its Content-Length, the SHA-256 computed on the way. The URL passes the source policy of imports, at resolution time
 * too (a name cannot be re-pointed at an internal address), redirects are not followed, and the upload stops when it
 * makes no progress for the stall timeout or runs past the total time limit. Each failure has its own message.
 */
@Component
class BucketUpload {

	/** The bytes read from the file and handed to the connection at once. */
	private static final int CHUNK = 1024 * 1024;

	private final HttpClient http;

	private final SourcePolicy policy;

	private final ExportSettings settings;

	BucketUpload(SourcePolicy policy, ExportSettings settings) {
		this.policy = policy;
		this.settings = settings;
		SslContext tls = tls(settings.trustedCertificates());
		this.http = HttpClient.create(ConnectionProvider.newConnection())
			.resolver(new PolicyResolverGroup(policy))
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
			.secure((spec) -> spec.sslContext(tls))
			.responseTimeout(settings.stallTimeout())
			.followRedirect(false);
	}

	/** The URL without its query: what a job may show of a pre-signed URL, whose query is its credential. */
	static String withoutQuery(String url) {
		URI uri = URI.create(url.trim());
		return uri.getScheme() + "://" + uri.getRawAuthority() + ((uri.getRawPath() != null) ? uri.getRawPath() : "");
	}

	/**
	 * PUTs the file to the URL and answers its SHA-256, lower-case hex; {@code progress} gets the fraction sent, and
	 * may stop the upload by throwing.
	 */
	String put(String url, Path file, DoubleConsumer progress) {
		URI uri = checked(url);
		long size = size(file);
		MessageDigest sha256 = sha256();
		AtomicLong sent = new AtomicLong();
		Duration stall = this.settings.stallTimeout();
		// Read, hashed and reported off the event loop: a progress report writes the job.
		Flux<io.netty.buffer.ByteBuf> body = ByteBufFlux.fromPath(file, CHUNK)
			.subscribeOn(Schedulers.boundedElastic())
			.doOnNext((chunk) -> {
				sha256.update(chunk.nioBuffer());
				progress.accept((size > 0) ? (double) sent.addAndGet(chunk.readableBytes()) / size : 1.0);
			})
			.timeout(stall, Flux.error(() -> stalled(uri, stall)));
		HttpResponseStatus status;
		try {
			status = this.http.headers((headers) -> headers.set(HttpHeaderNames.CONTENT_LENGTH, size))
				.put()
				.uri(uri)
				.send(body)
				.responseSingle((response, content) -> content.asString().defaultIfEmpty("")
					.thenReturn(response.status()))
				.timeout(this.settings.totalTimeout(), Mono.error(() -> new ExportFailed("IMG.0625", "The upload to "
						+ uri.getHost() + " took longer than " + this.settings.totalTimeout().toSeconds()
						+ " s, the time limit of an export upload.")))
				.block();
		}
		catch (RuntimeException failure) {
			throw translate(uri, Exceptions.unwrap(failure));
		}
		if (status == null || status.code() < 200 || status.code() > 299) {
			throw new ExportFailed("IMG.0625", "The destination answered HTTP "
					+ ((status != null) ? status.code() + " " + status.reasonPhrase() : "nothing") + " for "
					+ withoutQuery(url) + ". Check that bucket_url is a URL that takes a PUT (a pre-signed URL that "
					+ "has not expired).");
		}
		return HexFormat.of().formatHex(sha256.digest());
	}

	private URI checked(String url) {
		try {
			return this.policy.checkDestination(url);
		}
		catch (ImsException refused) {
			throw new ExportFailed(refused.code(), refused.getMessage());
		}
	}

	private RuntimeException translate(URI uri, Throwable failure) {
		Throwable cause = rootOf(failure);
		if (failure instanceof ExportFailed || failure instanceof JobEnded) {
			return (RuntimeException) failure;
		}
		if (cause instanceof ExportFailed || cause instanceof JobEnded) {
			return (RuntimeException) cause;
		}
		if (cause instanceof ImsException refused && SourcePolicy.isRefusal(refused)) {
			return new ExportFailed(refused.code(), refused.getMessage());
		}
		String destination = uri.getHost() + ((uri.getPort() > 0) ? ":" + uri.getPort() : "");
		if (cause instanceof UnknownHostException) {
			return new ExportFailed("IMG.0625", "The host of bucket_url, " + uri.getHost() + ", is unknown. Check the URL.");
		}
		if (cause instanceof ConnectException || cause instanceof ConnectTimeoutException) {
			return new ExportFailed("IMG.0625", "Cannot connect to " + destination + ". Check that it is reachable.");
		}
		if (cause instanceof SSLException) {
			return new ExportFailed("IMG.0625", "The TLS handshake with " + destination + " failed (" + cause.getMessage()
					+ "). Its certificate must be trusted: ask the operators to add its CA (ims.export.trusted-certificates).");
		}
		if (cause instanceof TimeoutException || cause.getClass().getSimpleName().contains("Timeout")) {
			return stalled(uri, this.settings.stallTimeout());
		}
		return new ExportFailed("IMG.0625", "The upload to " + destination + " failed: " + cause.getMessage()
				+ ". Try again.");
	}

	private static ExportFailed stalled(URI uri, Duration stall) {
		return new ExportFailed("IMG.0625", "The upload to " + uri.getHost() + " made no progress for "
				+ stall.toSeconds() + " s, so it was stopped. Try again.");
	}

	private static Throwable rootOf(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null && cause.getCause() != cause && !(cause instanceof ImsException)
				&& !(cause instanceof ExportFailed) && !(cause instanceof JobEnded)) {
			cause = cause.getCause();
		}
		return cause;
	}

	private static long size(Path file) {
		try {
			return Files.size(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The JDK's trusted certificates, plus those of the PEM file when one is configured. */
	private static SslContext tls(@Nullable Path trustedCertificates) {
		try {
			SslContextBuilder builder = SslContextBuilder.forClient();
			if (trustedCertificates != null) {
				builder.trustManager(trustManagers(trustedCertificates));
			}
			return builder.build();
		}
		catch (SSLException ex) {
			throw new IllegalStateException("Cannot set up TLS for export uploads", ex);
		}
	}

	private static TrustManagerFactory trustManagers(Path pemFile) {
		try (InputStream pem = Files.newInputStream(pemFile)) {
			KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
			trusted.load(null, null);
			TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			jdk.init((KeyStore) null);
			int n = 0;
			for (var manager : jdk.getTrustManagers()) {
				if (manager instanceof X509TrustManager x509) {
					for (X509Certificate issuer : x509.getAcceptedIssuers()) {
						trusted.setCertificateEntry("jdk-" + n++, issuer);
					}
				}
			}
			for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(pem)) {
				trusted.setCertificateEntry("configured-" + n++, certificate);
			}
			TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			factory.init(trusted);
			return factory;
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot read the certificates of ims.export.trusted-certificates ("
					+ pemFile + ")", ex);
		}
	}

}
