package cloud.ims.gateway.image;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import cloud.ims.gateway.keystone.IdentitySettings;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The image API's versions, as Glance lists them: {@code GET /} answers 300 Multiple Choices (keystoneauth's version
 * discovery reads the image endpoint there), {@code GET /versions} 200. Glance has no document at {@code /v2}; Huawei's
 * ShowVersion asks there for the versions of that major version, so it answers 200 with the same list, all of which
 * are v2. Each link is absolute, as Glance builds it: from {@code ims.identity.public-url} when set, else from the URL
 * the request came to.
 */
@RestController
class ApiVersionsController {

	/** The versions below the current one that Glance without multiple stores still lists. */
	static final List<String> SUPPORTED = List.of("2.7", "2.6", "2.5", "2.4", "2.3", "2.2", "2.1", "2.0");

	/** The image API version IMS implements. */
	static final String CURRENT = "2.9";

	private final ObjectProvider<IdentitySettings> identity;

	ApiVersionsController(ObjectProvider<IdentitySettings> identity) {
		this.identity = identity;
	}

	@GetMapping("/")
	ResponseEntity<Map<String, Object>> choices(ServerHttpRequest request) {
		return ResponseEntity.status(HttpStatus.MULTIPLE_CHOICES).body(versions(request));
	}

	@GetMapping({ "/versions", "/v2", "/v2/" })
	Map<String, Object> list(ServerHttpRequest request) {
		return versions(request);
	}

	private Map<String, Object> versions(ServerHttpRequest request) {
		String href = baseUrl(request) + "/v2/";
		List<Map<String, Object>> versions = new ArrayList<>();
		versions.add(version(CURRENT, "CURRENT", href));
		SUPPORTED.forEach((id) -> versions.add(version(id, "SUPPORTED", href)));
		return Map.of("versions", versions);
	}

	private static Map<String, Object> version(String id, String status, String href) {
		Map<String, Object> version = new LinkedHashMap<>();
		version.put("id", "v" + id);
		version.put("status", status);
		version.put("links", List.of(Map.of("rel", "self", "href", href)));
		return version;
	}

	private String baseUrl(ServerHttpRequest request) {
		IdentitySettings settings = this.identity.getIfAvailable();
		String url = (settings != null && settings.publicUrl() != null) ? settings.publicUrl().toString()
				: UriComponentsBuilder.fromUri(request.getURI()).replacePath(null).replaceQuery(null).fragment(null)
					.build()
					.toUriString();
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

}
