package cloud.ims.gateway.quota;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.quota.ComputeLimits;
import cloud.ims.core.quota.ImageBytesQuota;
import cloud.ims.core.quota.ProjectQuota;
import cloud.ims.core.quota.ProjectQuotas;
import cloud.ims.gateway.security.Caller;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Admins see and set a project's quotas (images, bytes of image data, instances, vCPUs, RAM); a limit set to null
 * returns to the default.
 */
@RestController
class QuotaController {

	private final ProjectQuotas quotas;

	private final QuotaSettings settings;

	private final ImageBytesQuota imageBytes;

	QuotaController(ProjectQuotas quotas, QuotaSettings settings, ImageBytesQuota imageBytes) {
		this.quotas = quotas;
		this.settings = settings;
		this.imageBytes = imageBytes;
	}

	@GetMapping("/v1/admin/quotas/{projectId}")
	Mono<Map<String, Object>> show(Caller caller, @PathVariable String projectId) {
		requireAdmin(caller);
		return this.quotas.find(projectId).map(this::view);
	}

	@PutMapping("/v1/admin/quotas/{projectId}")
	Mono<Map<String, Object>> set(Caller caller, @PathVariable String projectId, @RequestBody QuotaUpdate update) {
		requireAdmin(caller);
		update.validate();
		return this.quotas
			.update(projectId, (quota) -> Optional.of(quota.withImageLimit(update.images())
				.withImageBytesLimit(update.imageBytes())
				.withComputeLimits(new ComputeLimits(update.instances(), update.cores(), update.ramMb()))))
			.map(this::view);
	}

	private Map<String, Object> view(ProjectQuota quota) {
		ComputeLimits limits = quota.computeLimits().orElse(this.settings.computeDefaults());
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("project_id", quota.projectId());
		view.put("images", Map.of("limit", quota.imageLimitOr(this.settings.images()), "used", quota.imagesUsed()));
		view.put("image_bytes", Map.of("limit", quota.imageBytesLimitOr(this.imageBytes.defaultLimit()), "used",
				quota.imageBytesUsed()));
		view.put("instances", Map.of("limit", limits.instances(), "used", quota.computeUsed().instances()));
		view.put("cores", Map.of("limit", limits.cores(), "used", quota.computeUsed().cores()));
		view.put("ram_mb", Map.of("limit", limits.ramMb(), "used", quota.computeUsed().ramMb()));
		return Map.of("quota", view);
	}

	private static void requireAdmin(Caller caller) {
		if (!caller.isAdmin()) {
			throw new ImsException(Kind.FORBIDDEN, "IMS.0403", "Only admins can see or set quotas of projects.");
		}
	}

	/** An admin's new limits; null returns a limit to the default. */
	record QuotaUpdate(@Nullable Integer images, @Nullable Integer instances, @Nullable Integer cores,
			@JsonProperty("ram_mb") @Nullable Long ramMb, @JsonProperty("image_bytes") @Nullable Long imageBytes) {

		void validate() {
			for (Number limit : new Number[] { this.images, this.instances, this.cores, this.ramMb, this.imageBytes }) {
				if (limit != null && limit.longValue() < 0) {
					throw new ImsException(Kind.INVALID, "IMS.0400", "Quota limits must be 0 or more; " + limit
							+ " is not.");
				}
			}
		}

	}

}
