package cloud.ims.gateway.identity;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.identity.credential.AccessKey;
import cloud.ims.core.identity.credential.AccessKeyStatus;
import cloud.ims.core.identity.credential.IssuedAccessKey;
import cloud.ims.gateway.security.Caller;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Permanent access keys as Huawei IAM serves them ({@code /v3.0/OS-CREDENTIAL/credentials}), with the shapes of the
 * Huawei SDK's IAM models ({@code CreateCredentialResult}, {@code Credentials}, {@code ShowCredential},
 * {@code UpdateCredentialResult}); times are UTC with microseconds, as IAM writes them.
 */
@RestController
@RequestMapping("/v3.0/OS-CREDENTIAL/credentials")
class CredentialController {

	static final String INVALID = "IAM.0301";

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
		.withZone(ZoneOffset.UTC);

	private final AccessKeyManagement management;

	CredentialController(AccessKeyManagement management) {
		this.management = management;
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	Mono<Map<String, Object>> create(Caller caller, @RequestBody @Nullable CreateCredential body,
			ServerWebExchange exchange) {
		CreateCredential.Credential credential = requireCredential((body != null) ? body.credential() : null);
		String userId = (credential.userId() != null && !credential.userId().isBlank()) ? credential.userId() : null;
		String description = (credential.description() != null) ? credential.description() : "";
		return this.management.create(caller, userId, description, clientAddress(exchange))
			.map((issued) -> Map.of("credential", created(issued)));
	}

	@GetMapping
	Mono<Map<String, Object>> list(Caller caller, @RequestParam(name = "user_id", required = false) @Nullable String userId) {
		return this.management.list(caller, (userId != null && !userId.isBlank()) ? userId : null)
			.map(CredentialController::listed)
			.collectList()
			.map((credentials) -> Map.of("credentials", credentials));
	}

	@GetMapping("/{accessKey}")
	Mono<Map<String, Object>> show(Caller caller, @PathVariable String accessKey) {
		return this.management.show(caller, accessKey).map((key) -> Map.of("credential", shown(key)));
	}

	@PutMapping("/{accessKey}")
	Mono<Map<String, Object>> update(Caller caller, @PathVariable String accessKey,
			@RequestBody @Nullable UpdateCredential body) {
		UpdateCredential.Credential credential = requireCredential((body != null) ? body.credential() : null);
		AccessKeyStatus status = null;
		if (credential.status() != null) {
			status = AccessKeyStatus.fromWireName(credential.status())
				.orElseThrow(() -> new ImsException(Kind.INVALID, INVALID, "Field 'credential.status' must be "
						+ "'active' or 'inactive', not '" + credential.status() + "'."));
		}
		return this.management.change(caller, accessKey, status, credential.description())
			.map((key) -> Map.of("credential", listed(key)));
	}

	@DeleteMapping("/{accessKey}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> delete(Caller caller, @PathVariable String accessKey, ServerWebExchange exchange) {
		return this.management.delete(caller, accessKey, clientAddress(exchange));
	}

	private static <T> T requireCredential(@Nullable T credential) {
		if (credential == null) {
			throw new ImsException(Kind.INVALID, INVALID, "The body must be a JSON object with a 'credential' object, "
					+ "e.g. {\"credential\":{\"user_id\":\"...\",\"description\":\"...\"}}.");
		}
		return credential;
	}

	private static Map<String, Object> created(IssuedAccessKey issued) {
		AccessKey key = issued.key();
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("access", key.id().value());
		view.put("secret", issued.secret());
		view.put("status", key.status().wireName());
		view.put("user_id", key.userId());
		view.put("description", key.description());
		view.put("create_time", time(key.createdAt()));
		return view;
	}

	private static Map<String, Object> listed(AccessKey key) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("user_id", key.userId());
		view.put("access", key.id().value());
		view.put("status", key.status().wireName());
		view.put("create_time", time(key.createdAt()));
		view.put("description", key.description());
		return view;
	}

	/** As IAM: the last use, or the creation time of a key never used. */
	private static Map<String, Object> shown(AccessKey key) {
		Map<String, Object> view = listed(key);
		view.put("last_use_time", time((key.lastUsedAt() != null) ? key.lastUsedAt() : key.createdAt()));
		return view;
	}

	static String time(Instant instant) {
		return TIME.format(instant);
	}

	private static @Nullable String clientAddress(ServerWebExchange exchange) {
		InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
		return (remote != null) ? remote.getHostString() : null;
	}

	/** {@code {"credential":{"user_id","description"}}}. */
	record CreateCredential(@Nullable Credential credential) {

		record Credential(@JsonProperty("user_id") @Nullable String userId, @Nullable String description) {
		}

	}

	/** {@code {"credential":{"status","description"}}}: either or both. */
	record UpdateCredential(@Nullable Credential credential) {

		record Credential(@Nullable String status, @Nullable String description) {
		}

	}


}
