package cloud.ims.gateway.keystone;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.identity.Project;
import cloud.ims.core.identity.Projects;
import cloud.ims.core.identity.Revocation;
import cloud.ims.core.identity.RoleAssignment;
import cloud.ims.core.identity.RoleAssignments;
import cloud.ims.core.identity.User;
import cloud.ims.core.identity.Users;
import cloud.ims.gateway.keystone.KeystoneViews.TokenFacts;
import cloud.ims.gateway.security.TokenClaims;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Keystone's token API: sign in with a password ({@code POST /v3/auth/tokens}), validate ({@code GET}, {@code HEAD})
 * and revoke ({@code DELETE}) a token named by {@code X-Subject-Token}, the version document and the projects the
 * caller may scope to.
 */
@RestController
class AuthTokensController {

	static final String SUBJECT_TOKEN = "X-Subject-Token";

	private final PasswordSignIn signIn;

	private final ReactiveJwtDecoder decoder;

	private final RevocationList revocations;

	private final ServiceCatalog catalog;

	private final Users users;

	private final Projects projects;

	private final RoleAssignments roles;

	private final Clock clock;

	AuthTokensController(PasswordSignIn signIn, ReactiveJwtDecoder decoder, RevocationList revocations,
			ServiceCatalog catalog, Users users, Projects projects, RoleAssignments roles, Clock clock) {
		this.signIn = signIn;
		this.decoder = decoder;
		this.revocations = revocations;
		this.catalog = catalog;
		this.users = users;
		this.projects = projects;
		this.roles = roles;
		this.clock = clock;
	}

	@GetMapping({ "/v3", "/v3/" })
	Map<String, Object> version(ServerWebExchange exchange) {
		String base = this.catalog.baseUrl(exchange.getRequest());
		return Map.of("version", Map.of("id", "v3.14", "status", "stable", "updated", "2020-04-07T00:00:00Z", "links",
				List.of(Map.of("rel", "self", "href", base + "/v3/")), "media-types",
				List.of(Map.of("base", "application/json", "type", "application/vnd.openstack.identity-v3+json"))));
	}

	@PostMapping("/v3/auth/tokens")
	Mono<ResponseEntity<Map<String, Object>>> signIn(@RequestBody Map<String, Object> body,
			@RequestParam(name = "nocatalog", required = false) Optional<String> noCatalog, ServerWebExchange exchange) {
		PasswordAuth auth = PasswordAuth.parse(body);
		return this.signIn.signIn(auth, clientAddress(exchange)).map((signedIn) -> {
			IssuedToken token = signedIn.token();
			List<Map<String, Object>> services = (token.projectId() != null && noCatalog.isEmpty())
					? this.catalog.forProject(token.projectId(), exchange.getRequest()) : List.of();
			return ResponseEntity.status(HttpStatus.CREATED)
				.header(SUBJECT_TOKEN, token.value())
				.body(KeystoneViews.token(TokenFacts.of(token), signedIn.user(), signedIn.project(), services));
		});
	}

	@GetMapping("/v3/auth/tokens")
	Mono<ResponseEntity<Map<String, Object>>> validate(@RequestHeader(SUBJECT_TOKEN) String subjectToken,
			@RequestParam(name = "nocatalog", required = false) Optional<String> noCatalog, Authentication caller,
			ServerWebExchange exchange) {
		return subject(subjectToken, caller).flatMap((token) -> {
			TokenFacts facts = facts(token);
			Mono<Optional<User>> user = this.users.find(facts.userId()).map(Optional::of).defaultIfEmpty(Optional.empty());
			Mono<Optional<Project>> project = (facts.projectId() != null)
					? this.projects.find(facts.projectId()).map(Optional::of).defaultIfEmpty(Optional.empty())
					: Mono.just(Optional.empty());
			return Mono.zip(user, project).map((found) -> {
				List<Map<String, Object>> services = (facts.projectId() != null && noCatalog.isEmpty())
						? this.catalog.forProject(facts.projectId(), exchange.getRequest()) : List.of();
				return ResponseEntity.ok()
					.header(SUBJECT_TOKEN, subjectToken)
					.body(KeystoneViews.token(facts, found.getT1().orElse(null), found.getT2().orElse(null), services));
			});
		});
	}

	@RequestMapping(path = "/v3/auth/tokens", method = RequestMethod.HEAD)
	Mono<ResponseEntity<Void>> check(@RequestHeader(SUBJECT_TOKEN) String subjectToken, Authentication caller) {
		return subject(subjectToken, caller).map((token) -> ResponseEntity.ok().<Void>build());
	}

	@DeleteMapping("/v3/auth/tokens")
	Mono<ResponseEntity<Void>> revoke(@RequestHeader(SUBJECT_TOKEN) String subjectToken, Authentication caller) {
		return subject(subjectToken, caller).flatMap((token) -> {
			if (token.getId() == null || token.getExpiresAt() == null) {
				return Mono.error(new ImsException(Kind.INVALID, "IAM.0203", "This token has no id (jti), so it "
						+ "cannot be revoked by itself; it expires at its time. Tokens issued by POST /v3/auth/tokens "
						+ "and ./ims token have one."));
			}
			return this.revocations.revoke(Revocation.ofToken(token.getId(), this.clock.instant(), token.getExpiresAt()))
				.thenReturn(ResponseEntity.noContent().<Void>build());
		});
	}

	@GetMapping("/v3/auth/projects")
	Mono<Map<String, Object>> projects(Authentication caller, ServerWebExchange exchange) {
		String base = this.catalog.baseUrl(exchange.getRequest());
		return this.roles.ofUser(caller.getName())
			.map(RoleAssignment::projectId)
			.distinct()
			.concatMap(this.projects::find)
			.filter(Project::enabled)
			.map((project) -> KeystoneViews.project(project, base))
			.collectList()
			.map((list) -> Map.of("projects", list, "links", KeystoneViews.collectionLinks(base + "/v3/auth/projects")));
	}

	/**
	 * The subject token, if it is valid (signature, issuer, audience, expiry, not revoked) and the caller may see it:
	 * its own token, or any token for an admin. Otherwise 404, as Keystone answers, so tokens cannot be probed.
	 */
	private Mono<Jwt> subject(String subjectToken, Authentication caller) {
		return this.decoder.decode(subjectToken)
			.onErrorMap(JwtException.class, (invalid) -> tokenNotFound())
			.filter((token) -> caller.getName().equals(token.getSubject()) || isAdmin(caller))
			.switchIfEmpty(Mono.error(AuthTokensController::tokenNotFound));
	}

	private static boolean isAdmin(Authentication caller) {
		return caller.getAuthorities().stream().map(GrantedAuthority::getAuthority).anyMatch("ROLE_admin"::equals);
	}

	private static ImsException tokenNotFound() {
		return new ImsException(Kind.NOT_FOUND, "IAM.0203", "The subject token is not valid: it is malformed, "
				+ "expired, revoked or issued elsewhere, or it is another user's. Sign in again for a new one.");
	}

	private static TokenFacts facts(Jwt token) {
		List<String> roles = token.getClaimAsStringList(TokenClaims.ROLES);
		Instant issuedAt = (token.getIssuedAt() != null) ? token.getIssuedAt() : Instant.EPOCH;
		Instant expiresAt = (token.getExpiresAt() != null) ? token.getExpiresAt() : Instant.EPOCH;
		return new TokenFacts(String.valueOf(token.getSubject()), token.getClaimAsString(TokenClaims.PROJECT_ID),
				(roles != null) ? roles : List.of(), (token.getId() != null) ? token.getId() : "", issuedAt, expiresAt);
	}

	static String clientAddress(ServerWebExchange exchange) {
		InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
		return (remote != null && remote.getAddress() != null) ? remote.getAddress().getHostAddress() : "unknown";
	}

}
