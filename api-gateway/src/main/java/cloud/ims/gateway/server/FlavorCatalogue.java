package cloud.ims.gateway.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.server.Flavor;
import org.springframework.stereotype.Component;

/**
 * The configured server sizes, looked up by id.
 */
@Component
public class FlavorCatalogue {

	private final Map<String, Flavor> byId;

	FlavorCatalogue(FlavorSettings settings) {
		this.byId = settings.flavors().stream()
			.collect(Collectors.toMap(Flavor::id, Function.identity(), (first, second) -> first,
					LinkedHashMap::new));
	}

	public Optional<Flavor> find(String flavorId) {
		return Optional.ofNullable(this.byId.get(flavorId));
	}

	public List<Flavor> all() {
		return List.copyOf(this.byId.values());
	}

	Flavor require(String flavorId) {
		Flavor flavor = this.byId.get(flavorId);
		if (flavor == null) {
			throw new ImsException(Kind.INVALID, "Ecs.0039", "Flavor " + flavorId
					+ " does not exist. GET /v1/{project_id}/cloudservers/flavors lists the flavors: " + this.byId.keySet() + ".");
		}
		return flavor;
	}

}
