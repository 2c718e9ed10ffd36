package cloud.ims.gateway.image;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.quota.ProjectQuota;
import cloud.ims.core.quota.ProjectQuotas;
import cloud.ims.gateway.security.Caller;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The per-project image quota: reserved atomically before any work starts, released when an image is deleted or
 * fails; shown to the project, and set per project by admins.
 */
@Component
@RestController
class ImageQuotas {

	private final ProjectQuotas quotas;

	private final Settings settings;

	ImageQuotas(ProjectQuotas quotas, Settings settings) {
		this.quotas = quotas;
		this.settings = settings;
	}

	Mono<ProjectQuota> reserve(String projectId) {
		return this.quotas.update(projectId, (quota) -> Optional.of(quota.reserveImage(this.settings.images())));
	}

	Mono<ProjectQuota> release(String projectId) {
		return this.quotas.update(projectId, ProjectQuota::releaseImage);
	}

	@GetMapping("/v1/cloudimages/quota")
	Mono<Map<String, Object>> show(Caller caller) {
		return this.quotas.find(caller.projectId()).map(this::view);
	}

	@PutMapping("/v1/admin/quotas/{projectId}")
	Mono<Map<String, Object>> set(Caller caller, @PathVariable String projectId, @RequestBody QuotaUpdate update) {
		if (!caller.isAdmin()) {
			throw new ImsException(Kind.FORBIDDEN, "IMS.0403", "Only admins can set quotas.");
		}
		if (update.images() != null && update.images() < 0) {
			throw new ImsException(Kind.INVALID, "IMS.0400", "images=" + update.images() + " is invalid; use 0 or more.");
		}
		return this.quotas
			.update(projectId, (quota) -> Optional.of(quota.withImageLimit(update.images())))
			.map(this::view);
	}

	private Map<String, Object> view(ProjectQuota quota) {
		int limit = quota.imageLimitOr(this.settings.images());
		return Map.of("quotas", Map.of("resources", List.of(Map.of("type", "image", "used", quota.imagesUsed(), "quota",
				limit, "min", 0, "max", Math.max(limit, this.settings.images())))));
	}

	/** An admin's change of a project's quotas; a null limit returns to the default. */
	record QuotaUpdate(Integer images) {
	}

	/** The default quotas of every project. */
	@ConfigurationProperties("ims.quota")
	record Settings(@DefaultValue("100") int images) {
	}

}
