package cloud.ims.gateway.image;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import cloud.ims.core.quota.ProjectQuota;
import cloud.ims.core.quota.ProjectQuotas;
import cloud.ims.gateway.quota.QuotaSettings;
import cloud.ims.gateway.security.Caller;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The per-project image quota: reserved atomically before any work starts, released when an image is deleted or
 * fails; shown to the project (admins set it through the quota endpoint).
 */
@Component
@RestController
class ImageQuotas {

	private final ProjectQuotas quotas;

	private final QuotaSettings settings;

	ImageQuotas(ProjectQuotas quotas, QuotaSettings settings) {
		this.quotas = quotas;
		this.settings = settings;
	}

	Mono<ProjectQuota> reserve(String projectId) {
		return this.quotas.update(projectId, (quota) -> Optional.of(quota.reserveImage(this.settings.images())));
	}

	Mono<ProjectQuota> release(String projectId) {
		return this.quotas.update(projectId, ProjectQuota::releaseImage);
	}

	/**
	 * Runs the work that records a new image on a quota unit reserved first (none left: 429 before anything starts),
	 * and gives the unit back when the work fails.
	 */
	<T> Mono<T> reserving(String projectId, Mono<T> work) {
		return reserve(projectId).then(work.onErrorResume((failure) -> release(projectId).then(Mono.error(failure))));
	}

	@GetMapping("/v1/cloudimages/quota")
	Mono<Map<String, Object>> show(Caller caller) {
		return this.quotas.find(caller.projectId()).map(this::view);
	}

	private Map<String, Object> view(ProjectQuota quota) {
		int limit = quota.imageLimitOr(this.settings.images());
		return Map.of("quotas", Map.of("resources", List.of(Map.of("type", "image", "used", quota.imagesUsed(), "quota",
				limit, "min", 0, "max", Math.max(limit, this.settings.images())))));
	}

}
