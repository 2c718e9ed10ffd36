package cloud.ims.standalone.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * A plain HTTP server on the loopback interface that plays image sources, well-behaved and not: files, errors,
 * stalls, slow drips, redirects and connections that close early. Handlers that must wait block their own thread
 * on a latch that {@link #close()} opens, so stopping the server never waits for them.
 */
public final class FileServer implements AutoCloseable {

	/** The longest any handler keeps its thread waiting, should {@link #close()} never come. */
	private static final Duration LONGEST_WAIT = Duration.ofSeconds(30);

	private final HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final CountDownLatch closed = new CountDownLatch(1);

	private FileServer(HttpServer server) {
		this.server = server;
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

	/** The URL of a path, by the host name {@code localhost}. */
	public String url(String path) {
		return "http://localhost:" + port() + path;
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
