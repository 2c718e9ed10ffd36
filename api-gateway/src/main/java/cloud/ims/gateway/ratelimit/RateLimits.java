package cloud.ims.gateway.ratelimit;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import cloud.ims.gateway.ratelimit.SignInNames.Named;
import cloud.ims.gateway.security.CallerPrincipal;
import cloud.ims.gateway.security.TokenClaims;
import cloud.ims.gateway.web.ErrorResponses;
import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Takes a token from the buckets of every request's project and user (after authentication, so for both dialects and
 * the console alike), or of a sign-in's client address and user name, and refuses the request with 429
 * {@code IMS.0429} when one is empty, before anything is done. Every limited answer says the tightest bucket's
 * capacity and tokens left ({@code X-RateLimit-Limit}, {@code X-RateLimit-Remaining}); a refusal says when to retry,
 * and is answered after a delay ({@link RefusalPacing}); a project or user that went over its limit has its admitted
 * requests spaced at its rate for a while ({@link OverLimitPacing}).
 */
final class RateLimits implements WebFilter, Ordered {

	static final String LIMIT = "X-RateLimit-Limit";

	static final String REMAINING = "X-RateLimit-Remaining";

	static final String REFUSED_METRIC = "ims.rate_limit.refused";

	private final RateLimitSettings settings;

	private final TokenBuckets buckets;

	private final SignInNames signInNames;

	private final MeterRegistry meters;

	private final RefusalPacing pacing;

	private final OverLimitPacing overLimit;

	RateLimits(RateLimitSettings settings, TimeMeter time, SignInNames signInNames, MeterRegistry meters) {
		this.settings = settings;
		this.buckets = new TokenBuckets(settings.idleExpiry(), time);
		this.signInNames = signInNames;
		this.meters = meters;
		this.pacing = new RefusalPacing(settings.refusalDelay(), settings.maxDelayedRefusals(), meters);
		this.overLimit = new OverLimitPacing(settings.overLimitPacing(), time);
	}

	/** After Spring Security's filter chain (-100), which names the caller; before idempotency (0), which stores. */
	@Override
	public int getOrder() {
		return -1;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		RequestClass requestClass = RequestClassifier.classify(exchange.getRequest().getMethod(),
				exchange.getRequest().getPath().pathWithinApplication().value());
		if (requestClass == null || !this.settings.enabled()) {
			return chain.filter(exchange);
		}
		if (requestClass == RequestClass.SIGN_INS) {
			return signIn(exchange, chain);
		}
		return exchange.getPrincipal()
			.map((principal) -> callerScopes(principal, requestClass))
			.defaultIfEmpty(List.of())
			.flatMap((scopes) -> scopes.isEmpty() ? chain.filter(exchange) : admit(exchange, chain, scopes));
	}

	/** The client address first, so that a flood is refused before its bodies are read for the user name. */
	private Mono<Void> signIn(ServerWebExchange exchange, WebFilterChain chain) {
		Admission byAddress = this.buckets
			.take(List.of(Scope.address(clientAddress(exchange), this.settings.forSignInAddress())));
		if (!byAddress.admitted()) {
			return refuse(exchange, byAddress);
		}
		return this.signInNames.read(exchange).flatMap((named) -> signInNamed(named, byAddress, chain))
			.onErrorResume(DataBufferLimitException.class, (tooLarge) -> ErrorResponses.write(exchange,
					HttpStatus.BAD_REQUEST, "IMS.0400", "A sign-in body is at most " + SignInNames.MAX_BODY / 1024
							+ " KiB; send only auth.identity and auth.scope."));
	}

	private Mono<Void> signInNamed(Named named, Admission byAddress, WebFilterChain chain) {
		if (named.userName().isEmpty()) {
			return pass(named.exchange(), chain, byAddress);
		}
		Admission byName = this.buckets
			.take(List.of(Scope.userName(named.userName().get(), this.settings.forSignInUserName())));
		if (!byName.admitted()) {
			return refuse(named.exchange(), byName);
		}
		return pass(named.exchange(), chain, (byName.remaining() < byAddress.remaining()) ? byName : byAddress);
	}

	private Mono<Void> admit(ServerWebExchange exchange, WebFilterChain chain, List<Scope> scopes) {
		Admission admission = this.buckets.take(scopes);
		if (!admission.admitted()) {
			this.overLimit.refused(admission.scope());
			return refuse(exchange, admission);
		}
		Duration turn = this.overLimit.turnOf(scopes);
		return turn.isZero() ? pass(exchange, chain, admission)
				: Mono.delay(turn).then(Mono.defer(() -> pass(exchange, chain, admission)));
	}

	private static Mono<Void> pass(ServerWebExchange exchange, WebFilterChain chain, Admission admission) {
		HttpHeaders headers = exchange.getResponse().getHeaders();
		headers.set(LIMIT, Long.toString(admission.scope().limit().burst()));
		headers.set(REMAINING, Long.toString(admission.remaining()));
		return chain.filter(exchange);
	}

	private Mono<Void> refuse(ServerWebExchange exchange, Admission admission) {
		this.meters
			.counter(REFUSED_METRIC, "class", admission.scope().requestClass().label(), "scope",
					admission.scope().kind().replace(' ', '_'))
			.increment();
		HttpHeaders headers = exchange.getResponse().getHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, Long.toString(admission.retryAfterSeconds()));
		headers.set(LIMIT, Long.toString(admission.scope().limit().burst()));
		headers.set(REMAINING, "0");
		if (exchange.getRequest().getPath().pathWithinApplication().value().startsWith("/console/")) {
			return this.pacing.answer(Mono.defer(() -> consoleRefusal(exchange, admission.message())));
		}
		return this.pacing.answer(Mono.defer(() -> ErrorResponses.write(exchange, HttpStatus.TOO_MANY_REQUESTS,
				"IMS.0429", admission.message())));
	}

	/** The console shows errors as an alert in its page (in the alert area, for htmx requests). */
	private static Mono<Void> consoleRefusal(ServerWebExchange exchange, String message) {
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
		response.getHeaders().setContentType(MediaType.TEXT_HTML);
		String alert = "<div class=\"alert error\"><strong>Error <code class=\"code\">IMS.0429</code>:</strong> "
				+ "<span class=\"message\">" + escapeHtml(message) + "</span></div>";
		String body = alert;
		if ("true".equals(exchange.getRequest().getHeaders().getFirst("HX-Request"))) {
			response.getHeaders().set("HX-Retarget", "#alerts");
			response.getHeaders().set("HX-Reswap", "innerHTML");
		}
		else {
			body = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Refused · IMS console</title>"
					+ "<link rel=\"stylesheet\" href=\"/console/assets/console.css\"></head><body><main id=\"main\">"
					+ "<h1>Too many requests</h1><div id=\"alerts\">" + alert
					+ "</div><p><a href=\"/console/images\">Back to the console</a></p></main></body></html>";
		}
		DataBuffer buffer = response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8));
		return response.writeWith(Mono.just(buffer));
	}

	/** The project's bucket and the user's, for a JWT or an access key's signature; none for anything else. */
	private List<Scope> callerScopes(Principal principal, RequestClass requestClass) {
		String projectId = null;
		String userId = null;
		if (principal instanceof JwtAuthenticationToken jwt) {
			projectId = jwt.getToken().getClaimAsString(TokenClaims.PROJECT_ID);
			userId = jwt.getToken().getSubject();
		}
		else if (principal instanceof CallerPrincipal caller) {
			projectId = caller.projectId();
			userId = caller.userId();
		}
		return scopes(projectId, userId, requestClass);
	}

	private List<Scope> scopes(@Nullable String projectId, @Nullable String userId, RequestClass requestClass) {
		List<Scope> scopes = new ArrayList<>(2);
		if (projectId != null) {
			scopes.add(Scope.project(projectId, requestClass, this.settings.forProject(projectId, requestClass)));
		}
		if (userId != null) {
			scopes.add(Scope.user(userId, requestClass, this.settings.forUser(requestClass)));
		}
		return scopes;
	}

	private static String clientAddress(ServerWebExchange exchange) {
		InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
		return (remote != null && remote.getAddress() != null) ? remote.getAddress().getHostAddress() : "unknown";
	}

	private static String escapeHtml(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

}
