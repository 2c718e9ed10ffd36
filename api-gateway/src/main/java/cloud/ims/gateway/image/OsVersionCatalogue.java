package cloud.ims.gateway.image;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.gateway.image.OsVersionSettings.OsVersion;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The OS versions images may declare, served as Huawei's ListOsVersions answers them: grouped by platform.
 */
@Component
@RestController
class OsVersionCatalogue {

	private final List<OsVersion> versions;

	OsVersionCatalogue(OsVersionSettings settings) {
		this.versions = List.copyOf(settings.osVersions());
	}

	@GetMapping("/v1/cloudimages/os_version")
	List<Map<String, Object>> list() {
		Map<String, List<OsVersion>> byPlatform = this.versions.stream()
			.collect(Collectors.groupingBy(OsVersion::platform, LinkedHashMap::new, Collectors.toList()));
		return byPlatform.entrySet().stream().map((platform) -> Map.<String, Object>of("platform", platform.getKey(),
				"version_list", platform.getValue().stream().map(OsVersionCatalogue::view).toList())).toList();
	}

	OsVersion require(String osVersion) {
		return find(osVersion).orElseThrow(() -> new ImsException(Kind.INVALID, "IMG.0005", "OS version '" + osVersion
				+ "' is not supported. GET /v1/cloudimages/os_version lists the supported versions."));
	}

	Optional<OsVersion> find(String osVersion) {
		return this.versions.stream().filter((version) -> version.osVersion().equals(osVersion)).findFirst();
	}

	private static Map<String, Object> view(OsVersion version) {
		return Map.of("platform", version.platform(), "os_version_key", version.osVersion(), "os_version",
				version.osVersion(), "os_bit", version.osBit(), "os_type", version.osType());
	}

}
