package cloud.ims.core.compute.vsphere;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;

import org.jspecify.annotations.Nullable;
import org.w3c.dom.Element;

import cloud.ims.core.compute.DriverUnavailable;

/**
 * SOAP 1.1 over {@link HttpClient#sendAsync}: wraps a vim25 request body in an envelope, keeps vCenter's session
 * cookie and resends it, and turns the answer into its response element or a {@link VimFault}. Failures to reach
 * vCenter at all are {@link DriverUnavailable}.
 */
final class SoapTransport {

	static final String SESSION_COOKIE = "vmware_soap_session";

	private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);

	private static final String ENVELOPE_START = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
			+ "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
			+ " xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\""
			+ " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soapenv:Body>";

	private static final String ENVELOPE_END = "</soapenv:Body></soapenv:Envelope>";

	/**
	 * As many connections as the default {@code ims.driver.max-in-flight}: a real vCenter answers a task-starting call
	 * at once, so this bounds connections more than operations.
	 */
	private static final int MAX_IN_FLIGHT = 64;

	private final URI sdk;

	private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final HttpClient http;

	private volatile String soapAction = "urn:vim25/6.5";

	private volatile @Nullable String cookie;

	SoapTransport(URI sdk, SSLContext tls, Executor executor) {
		this.sdk = sdk;
		this.http = HttpClient.newBuilder()
			.sslContext(tls)
			.connectTimeout(Duration.ofSeconds(10))
			.followRedirects(HttpClient.Redirect.NEVER)
			.executor(executor)
			.build();
	}

	URI sdk() {
		return this.sdk;
	}

	/** Reads the newest vim25 version vCenter speaks, for the SOAPAction header. */
	CompletableFuture<String> negotiateVersion() {
		HttpRequest request = HttpRequest.newBuilder(this.sdk.resolve(this.sdk.getPath() + "/vimServiceVersions.xml"))
			.timeout(REQUEST_TIMEOUT)
			.GET()
			.build();
		return send(request, HttpResponse.BodyHandlers.ofByteArray()).thenApply((response) -> {
			String version = "6.5";
			if (response.statusCode() == 200) {
				try {
					Element namespaces = Xml.parse(response.body());
					for (Element namespace : Xml.children(namespaces, "namespace")) {
						if (Xml.text(namespace, "name").orElse("").equals("urn:vim25")) {
							version = Xml.text(namespace, "version").orElse(version);
						}
					}
				}
				catch (IOException ex) {
					// an old or unusual endpoint: the default version is understood by every vCenter IMS supports
				}
			}
			this.soapAction = "urn:vim25/" + version;
			return version;
		});
	}

	/**
	 * Calls {@code method} on {@code target} with the already escaped argument elements; answers the method's
	 * response element ({@code <methodResponse>}).
	 */
	CompletableFuture<Element> call(String method, ManagedObject target, String arguments) {
		String body = ENVELOPE_START + "<" + method + " xmlns=\"urn:vim25\">" + target.xml("_this") + arguments + "</"
				+ method + ">" + ENVELOPE_END;
		HttpRequest.Builder request = HttpRequest.newBuilder(this.sdk)
			.timeout(REQUEST_TIMEOUT)
			.header("Content-Type", "text/xml; charset=utf-8")
			.header("SOAPAction", "\"" + this.soapAction + "\"")
			.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
		return limited(() -> send(withSession(request).build(), HttpResponse.BodyHandlers.ofByteArray()))
			.thenApply((response) -> answer(method, response));
	}

	/**
	 * Runs the request once fewer than {@link #MAX_IN_FLIGHT} SOAP requests are in flight, so that hundreds of
	 * concurrent operations queue here instead of opening hundreds of connections to vCenter.
	 */
	private <T> CompletableFuture<T> limited(Supplier<CompletableFuture<T>> request) {
		CompletableFuture<T> result = new CompletableFuture<>();
		this.waiting.add(() -> {
			CompletableFuture<T> sent;
			try {
				sent = request.get();
			}
			catch (RuntimeException ex) {
				sent = CompletableFuture.failedFuture(ex);
			}
			sent.whenComplete((response, error) -> {
				this.inFlight.decrementAndGet();
				drain();
				if (error != null) {
					result.completeExceptionally(error);
				}
				else {
					result.complete(response);
				}
			});
		});
		drain();
		return result;
	}

	private void drain() {
		while (!this.waiting.isEmpty()) {
			int running = this.inFlight.get();
			if (running >= MAX_IN_FLIGHT) {
				return;
			}
			if (!this.inFlight.compareAndSet(running, running + 1)) {
				continue;
			}
			Runnable next = this.waiting.poll();
			if (next == null) {
				this.inFlight.decrementAndGet();
			}
			else {
				next.run();
			}
		}
	}

	/** Sends a request that is not SOAP (datastore files, NFC uploads) in the same session. */
	/** Sends the request; cancelling the answer aborts the exchange (and so stops a body handler writing a file). */
	<T> CompletableFuture<HttpResponse<T>> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
		AtomicReference<CompletableFuture<HttpResponse<T>>> exchange = new AtomicReference<>(
				this.http.sendAsync(request, handler));
		CompletableFuture<HttpResponse<T>> answer = exchange.get().handle((response, error) -> {
			if (error != null && staleConnection(error)) {
				// a pooled connection the server had closed (e.g. vCenter restarted): it never saw the request
				exchange.set(this.http.sendAsync(request, handler));
				return exchange.get();
			}
			return error != null ? CompletableFuture.<HttpResponse<T>>failedFuture(error)
					: CompletableFuture.completedFuture(response);
		}).thenCompose((sent) -> sent).handle((response, error) -> {
			if (error != null) {
				throw unreachable(error);
			}
			response.headers().allValues("set-cookie").forEach(this::keepSession);
			return response;
		});
		answer.whenComplete((response, error) -> {
			if (answer.isCancelled()) {
				exchange.get().cancel(true);
			}
		});
		return answer;
	}

	private static boolean staleConnection(Throwable error) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			if (cause instanceof IOException && String.valueOf(cause.getMessage()).contains("received no bytes")) {
				return true;
			}
		}
		return false;
	}

	HttpRequest.Builder withSession(HttpRequest.Builder request) {
		String session = this.cookie;
		if (session != null) {
			request.header("Cookie", SESSION_COOKIE + "=" + session);
		}
		return request;
	}

	void forgetSession() {
		this.cookie = null;
	}

	@Nullable String sessionCookie() {
		return this.cookie;
	}

	private void keepSession(String setCookie) {
		String pair = setCookie.split(";", 2)[0].trim();
		if (pair.startsWith(SESSION_COOKIE + "=")) {
			this.cookie = pair.substring(SESSION_COOKIE.length() + 1);
		}
	}

	private Element answer(String method, HttpResponse<byte[]> response) {
		int status = response.statusCode();
		Optional<Element> body = Optional.empty();
		try {
			if (response.body().length > 0) {
				body = Xml.child(Xml.parse(response.body()), "Body");
			}
		}
		catch (IOException ex) {
			if (status == 200) {
				throw new DriverUnavailable("vCenter at " + this.sdk + " answered " + method + " unreadably: "
						+ ex.getMessage(), ex);
			}
		}
		if (status == 200 && body.isPresent()) {
			Optional<Element> result = Xml.children(body.get()).stream().findFirst();
			if (result.isPresent() && !"Fault".equals(result.get().getLocalName())) {
				return result.get();
			}
		}
		Optional<Element> fault = body.flatMap((b) -> Xml.child(b, "Fault"));
		if (fault.isPresent()) {
			throw fault(fault.get());
		}
		if (status == 401) {
			throw new VimFault("NotAuthenticated", "HTTP 401", null);
		}
		throw new DriverUnavailable("vCenter at " + this.sdk + " answered " + method + " with HTTP " + status);
	}

	private static VimFault fault(Element fault) {
		String message = Xml.text(fault, "faultstring").orElse("");
		Optional<Element> detail = Xml.child(fault, "detail").flatMap((d) -> Xml.children(d).stream().findFirst());
		if (detail.isEmpty()) {
			return new VimFault("SystemError", message, null);
		}
		return of(detail.get(), message);
	}

	/** A fault from its element (a SOAP fault's detail or a task's {@code info.error.fault}). */
	static VimFault of(Element fault, String message) {
		String type = Xml.type(fault);
		if (type.endsWith("Fault") && fault.getAttributeNS(Xml.XSI, "type").isEmpty()) {
			type = type.substring(0, type.length() - "Fault".length());
		}
		ManagedObject object = Xml.child(fault, "obj").map(ManagedObject::of).orElse(null);
		return new VimFault(type, message, object);
	}

	DriverUnavailable unreachable(Throwable error) {
		Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
		if (cause instanceof DriverUnavailable unavailable) {
			return unavailable;
		}
		String why;
		if (cause instanceof ConnectException) {
			why = "refused the connection";
		}
		else if (cause instanceof HttpTimeoutException) {
			why = "did not answer in time";
		}
		else if (cause instanceof SSLHandshakeException) {
			why = "failed the TLS handshake: " + rootMessage(cause);
		}
		else {
			why = "could not be reached: " + rootMessage(cause);
		}
		return new DriverUnavailable("vCenter at " + this.sdk + " " + why, cause);
	}

	private static String rootMessage(Throwable error) {
		Throwable root = error;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return String.valueOf(root.getMessage());
	}

}
