package cloud.ims.gateway.audit;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import cloud.ims.gateway.web.ApiErrors;
import cloud.ims.gateway.web.RequestIds;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import reactor.core.publisher.Mono;

/**
 * Traces every request that may change something (any method but GET, HEAD, OPTIONS and TRACE) of both API
 * dialects, identity and the console, sign-ins included. It runs before authentication, so that requests refused
 * there (a bad token, a form without its CSRF token) are traced too. The trace is made when the answer is committed, from what the exchange knows then, and
 * handed to the {@link AuditRecorder}: the answer never waits for it. A request whose client went away before any
 * answer is traced with 499.
 * {@link CallerNotes} notes the caller once authenticated.
 */
final class AuditFilter implements WebFilter, Ordered {

	/** Right after {@link RequestIds}, before Spring Security's chains ({@code -100}). */
	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

	static final int CLIENT_CLOSED = 499;

	private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
			HttpMethod.TRACE);

	private static final String NOTES = AuditNotes.class.getName();

	private final AuditRecorder recorder;

	private final Clock clock;

	AuditFilter(AuditRecorder recorder, Clock clock) {
		this.recorder = recorder;
		this.clock = clock;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (READS.contains(exchange.getRequest().getMethod())) {
			return chain.filter(exchange);
		}
		AuditNotes notes = new AuditNotes();
		exchange.getAttributes().put(NOTES, notes);
		AtomicBoolean traced = new AtomicBoolean();
		exchange.getResponse().beforeCommit(() -> {
			trace(exchange, notes, traced, statusOf(exchange, 200));
			return Mono.empty();
		});
		// An error is answered (and traced, as it commits) by the exception handlers after this filter.
		return chain.filter(exchange)
			.doOnSuccess((done) -> trace(exchange, notes, traced, statusOf(exchange, 200)))
			.doOnCancel(() -> trace(exchange, notes, traced, statusOf(exchange, CLIENT_CLOSED)))
			.contextWrite(notes::into);
	}

	static @Nullable AuditNotes notesOf(ServerWebExchange exchange) {
		return exchange.getAttribute(NOTES);
	}

	private void trace(ServerWebExchange exchange, AuditNotes notes, AtomicBoolean traced, int status) {
		if (!traced.compareAndSet(false, true)) {
			return;
		}
		try {
			this.recorder.submit(Traces.trace(request(exchange, status), notes.snapshot()));
		}
		catch (RuntimeException ex) {
			// Never fail the answer for its trace; the recorder counts what it could not take.
			this.recorder.failedToTrace(ex);
		}
	}

	private TracedRequest request(ServerWebExchange exchange, int status) {
		PathPattern pattern = exchange.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		Map<String, String> variables = exchange.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
		return new TracedRequest(exchange.getRequest().getMethod().name(),
				exchange.getRequest().getPath().pathWithinApplication().value(),
				(pattern != null) ? pattern.getPatternString() : null, (variables != null) ? variables : Map.of(),
				sourceIp(exchange), RequestIds.of(exchange), status, exchange.getAttribute(ApiErrors.ERROR_CODE),
				this.clock.instant());
	}

	private static int statusOf(ServerWebExchange exchange, int otherwise) {
		HttpStatusCode status = exchange.getResponse().getStatusCode();
		if (status != null) {
			return status.value();
		}
		return exchange.getResponse().isCommitted() ? 200 : otherwise;
	}

	private static @Nullable String sourceIp(ServerWebExchange exchange) {
		InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
		return (remote != null && remote.getAddress() != null) ? remote.getAddress().getHostAddress() : null;
	}

}
