package cloud.ims.gateway.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import cloud.ims.core.image.ImageLimits;
import cloud.ims.core.quota.ComputeLimits;
import cloud.ims.core.quota.ComputeUsage;
import cloud.ims.core.quota.ProjectQuota;
import cloud.ims.core.quota.ProjectQuotas;
import cloud.ims.core.server.ServerMetadata;
import cloud.ims.gateway.quota.QuotaSettings;
import cloud.ims.gateway.security.Caller;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The compute quota of a project: a batch is reserved entirely, atomically, before it is accepted (two racing
 * requests can never together exceed it); workers release what ECSs that fail or are deleted used.
 */
@Component
@RestController
class ComputeQuotas {

	private final ProjectQuotas quotas;

	private final QuotaSettings settings;

	ComputeQuotas(ProjectQuotas quotas, QuotaSettings settings) {
		this.quotas = quotas;
		this.settings = settings;
	}

	Mono<ProjectQuota> reserve(String projectId, ComputeUsage demand) {
		return this.quotas.update(projectId,
				(quota) -> Optional.of(quota.reserveCompute(demand, this.settings.computeDefaults())));
	}

	Mono<ProjectQuota> release(String projectId, ComputeUsage released) {
		return this.quotas.update(projectId, (quota) -> quota.releaseCompute(released));
	}

	/** Checks that the demand would fit now, reserving nothing (a dry run). */
	Mono<ProjectQuota> check(String projectId, ComputeUsage demand) {
		return this.quotas.find(projectId).doOnNext((quota) -> quota.reserveCompute(demand, this.settings.computeDefaults()));
	}

	@GetMapping("/v1/{projectId}/cloudservers/limits")
	Mono<Map<String, Object>> limits(Caller caller, @PathVariable String projectId) {
		caller.requireProject(projectId);
		return this.quotas.find(projectId).map((quota) -> {
			ComputeLimits limits = quota.computeLimits().orElse(this.settings.computeDefaults());
			ComputeUsage used = quota.computeUsed();
			Map<String, Object> absolute = new LinkedHashMap<>();
			absolute.put("maxTotalInstances", limits.instances());
			absolute.put("totalInstancesUsed", used.instances());
			absolute.put("maxTotalCores", limits.cores());
			absolute.put("totalCoresUsed", used.cores());
			absolute.put("maxTotalRAMSize", (int) Math.min(Integer.MAX_VALUE, limits.ramMb()));
			absolute.put("totalRAMUsed", used.ramMb());
			absolute.put("maxServerMeta", ServerMetadata.MAX_ENTRIES);
			absolute.put("maxImageMeta", ImageLimits.PROPERTIES);
			absolute.put("limit_by_flavor", List.of());
			return Map.of("absolute", absolute);
		});
	}

}
