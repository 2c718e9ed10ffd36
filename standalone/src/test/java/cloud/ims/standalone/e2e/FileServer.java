package cloud.ims.standalone.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * A plain HTTP (or HTTPS) server on the loopback interface that plays image sources, well-behaved and not: files,
 * errors, stalls, slow drips, redirects and connections that close early; and, for exports, an object store that
 * takes PUTs. Handlers that must wait block their own thread
 * on a latch that {@link #close()} opens, so stopping the server never waits for them.
 */
public final class FileServer implements AutoCloseable {

	/** The longest any handler keeps its thread waiting, should {@link #close()} never come. */
	private static final Duration LONGEST_WAIT = Duration.ofSeconds(30);

	private final HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final CountDownLatch closed = new CountDownLatch(1);

	private final String scheme;

	private final Map<String, Headers> received = new ConcurrentHashMap<>();

	private FileServer(HttpServer server) {
		this(server, "http");
	}

	private FileServer(HttpServer server, String scheme) {
		this.server = server;
		this.scheme = scheme;
		this.server.setExecutor(this.executor);
		this.server.start();
	}

	public static FileServer start() {
		try {
			return new FileServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start the file server", ex);
		}
	}

	/**
	 * A server like {@link #start()} that speaks HTTPS, with the certificate and the PKCS#8 private key of the PEM
	 * files (the test stack's own, which its image-worker is told to trust).
	 */
	public static FileServer startHttps(Path certificate, Path privateKey) {
		try {
			HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			server.setHttpsConfigurator(new HttpsConfigurator(tls(certificate, privateKey)));
			return new FileServer(server, "https");
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot start the HTTPS file server", ex);
		}
	}

	/** The URL of a path, by the host name {@code localhost}. */
	public String url(String path) {
		return this.scheme + "://localhost:" + port() + path;
	}

	int port() {
		return this.server.getAddress().getPort();
	}

	/** Serves the file with its Content-Length. */
	FileServer file(String path, Path file) {
		return handle(path, (exchange) -> {
			exchange.sendResponseHeaders(200, Files.size(file));
			try (OutputStream body = exchange.getResponseBody()) {
				Files.copy(file, body);
			}
		});
	}

	/** Serves the file chunked, without announcing its length. */
	FileServer chunked(String path, Path file) {
		return handle(path, (exchange) -> {
			exchange.sendResponseHeaders(200, 0);
			try (OutputStream body = exchange.getResponseBody()) {
				Files.copy(file, body);
			}
		});
	}

	/** Answers every request with the status and a short text. */
	FileServer status(String path, int status) {
		return handle(path, (exchange) -> {
			byte[] text = ("status " + status).getBytes();
			exchange.sendResponseHeaders(status, text.length);
			try (OutputStream body = exchange.getResponseBody()) {
				body.write(text);
			}
		});
	}

	/** Redirects (302) to the location. */
	FileServer redirect(String path, String location) {
		return handle(path, (exchange) -> {
			exchange.getResponseHeaders().add("Location", location);
			exchange.sendResponseHeaders(302, -1);
			exchange.close();
		});
	}

	/** Redirects {@code path/n} to {@code path/n-1}, and {@code path/0} to {@code target}. */
	FileServer redirectChain(String path, String target) {
		return handle(path + "/", (exchange) -> {
			int hop = Integer.parseInt(exchange.getRequestURI().getPath().substring(path.length() + 1));
			exchange.getResponseHeaders().add("Location", (hop == 0) ? target : path + "/" + (hop - 1));
			exchange.sendResponseHeaders(302, -1);
			exchange.close();
		});
	}

	/** Announces {@code length} bytes, sends {@code sent} of them, then sends nothing more. */
	FileServer stall(String path, long length, int sent) {
		return handle(path, (exchange) -> {
			exchange.sendResponseHeaders(200, length);
			OutputStream body = exchange.getResponseBody();
			body.write(new byte[sent]);
			body.flush();
			awaitClose(LONGEST_WAIT);
			exchange.close();
		});
	}

	/** Announces {@code length} bytes and sends one every {@code interval}: never stalled, always slow. */
	FileServer drip(String path, long length, Duration interval) {
		return handle(path, (exchange) -> {
			exchange.sendResponseHeaders(200, length);
			try (OutputStream body = exchange.getResponseBody()) {
				for (long sent = 0; sent < length && !awaitClose(interval); sent++) {
					body.write(0);
					body.flush();
				}
			}
		});
	}

	/** Serves the file with its Content-Length in chunks of {@code chunk} bytes, one every {@code interval}. */
	public FileServer slow(String path, Path file, int chunk, Duration interval) {
		return handle(path, (exchange) -> {
			byte[] bytes = Files.readAllBytes(file);
			exchange.sendResponseHeaders(200, bytes.length);
			try (OutputStream body = exchange.getResponseBody()) {
				for (int sent = 0; sent < bytes.length && !awaitClose(interval); sent += chunk) {
					body.write(bytes, sent, Math.min(chunk, bytes.length - sent));
					body.flush();
				}
			}
		});
	}

	/** Announces {@code length} bytes, sends {@code sent} of them and closes the connection. */
	FileServer closeEarly(String path, long length, Path file, int sent) {
		return handle(path, (exchange) -> {
			exchange.sendResponseHeaders(200, length);
			OutputStream body = exchange.getResponseBody();
			body.write(Files.readAllBytes(file), 0, sent);
			body.flush();
			// Closing short of the announced length makes the JDK's server drop the connection.
			exchange.close();
		});
	}

	/**
	 * Takes PUT requests below {@code path} as an object store takes them at a pre-signed URL: each body is written to
	 * {@code directory} under the request's last path segment and answered 200 (other methods 405); the request's
	 * headers are kept for {@link #received(String)}.
	 */
	FileServer receive(String path, Path directory) {
		this.server.createContext(path, (exchange) -> {
			try (exchange) {
				if (!exchange.getRequestMethod().equals("PUT")) {
					exchange.sendResponseHeaders(405, -1);
					return;
				}
				String requested = exchange.getRequestURI().getPath();
				try (InputStream body = exchange.getRequestBody()) {
					Files.copy(body, directory.resolve(requested.substring(requested.lastIndexOf('/') + 1)),
							StandardCopyOption.REPLACE_EXISTING);
				}
				this.received.put(requested, exchange.getRequestHeaders());
				exchange.sendResponseHeaders(200, -1);
			}
			catch (IOException ex) {
				// The client went away in the middle of its upload.
			}
		});
		return this;
	}

	/** The headers of the last PUT that {@link #receive} took at the path, or null. */
	Headers received(String path) {
		return this.received.get(path);
	}

	@Override
	public void close() {
		this.closed.countDown();
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private FileServer handle(String path, HttpHandler handler) {
		this.server.createContext(path, (exchange) -> {
			try (exchange) {
				exchange.getRequestBody().readAllBytes();
				handler.handle(exchange);
			}
			catch (IOException ex) {
				// The client went away, as it should from a source it gave up on.
			}
		});
		return this;
	}

	private static SSLContext tls(Path certificate, Path privateKey) throws IOException, GeneralSecurityException {
		Certificate cert;
		try (InputStream pem = Files.newInputStream(certificate)) {
			cert = CertificateFactory.getInstance("X.509").generateCertificate(pem);
		}
		String key = Files.readString(privateKey).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
		PrivateKey privateKeyOf = KeyFactory.getInstance("RSA")
			.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(key)));
		KeyStore keys = KeyStore.getInstance("PKCS12");
		keys.load(null, null);
		keys.setKeyEntry("server", privateKeyOf, new char[0], new Certificate[] { cert });
		KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		managers.init(keys, new char[0]);
		SSLContext tls = SSLContext.getInstance("TLS");
		tls.init(managers.getKeyManagers(), null, null);
		return tls;
	}

	/** Waits up to {@code timeout} for the server to close; answers whether it did. */
	private boolean awaitClose(Duration timeout) {
		try {
			return this.closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return true;
		}
	}

}
