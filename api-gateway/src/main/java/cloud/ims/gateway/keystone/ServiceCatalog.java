package cloud.ims.gateway.keystone;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The catalog a token carries: this deployment's endpoints, all served by this gateway, at its public URL
 * ({@code ims.identity.public-url}) or, unset, the URL the request came to.
 */
final class ServiceCatalog {

	private final IdentitySettings settings;

	ServiceCatalog(IdentitySettings settings) {
		this.settings = settings;
	}

	/** The gateway's base URL, without a trailing slash. */
	String baseUrl(ServerHttpRequest request) {
		if (this.settings.publicUrl() != null) {
			String url = this.settings.publicUrl().toString();
			return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
		}
		return UriComponentsBuilder.fromUri(request.getURI()).replacePath(null).replaceQuery(null).fragment(null)
			.build()
			.toUriString();
	}

	List<Map<String, Object>> forProject(String projectId, ServerHttpRequest request) {
		String base = baseUrl(request);
		List<Map<String, Object>> catalog = new ArrayList<>();
		catalog.add(service("identity", "keystone", base + "/v3"));
		catalog.add(service("image", "glance", base));
		catalog.add(service("compute", "ecs", base + "/v1/" + projectId));
		catalog.add(service("ecs", "ecs", base + "/v1/" + projectId));
		catalog.add(service("ims", "ims", base));
		return catalog;
	}

	private Map<String, Object> service(String type, String name, String url) {
		Map<String, Object> endpoint = new LinkedHashMap<>();
		endpoint.put("id", id(type + "-public"));
		endpoint.put("interface", "public");
		endpoint.put("region", this.settings.region());
		endpoint.put("region_id", this.settings.region());
		endpoint.put("url", url);
		Map<String, Object> service = new LinkedHashMap<>();
		service.put("endpoints", List.of(endpoint));
		service.put("id", id(type));
		service.put("type", type);
		service.put("name", name);
		return service;
	}

	/** Stable ids, the same on every replica. */
	private static String id(String name) {
		return UUID.nameUUIDFromBytes(("ims-catalog-" + name).getBytes(java.nio.charset.StandardCharsets.UTF_8))
			.toString()
			.replace("-", "");
	}

}
