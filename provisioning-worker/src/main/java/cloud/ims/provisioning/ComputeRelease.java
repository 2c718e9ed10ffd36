package cloud.ims.provisioning;

import cloud.ims.core.quota.ComputeUsage;
import cloud.ims.core.quota.ProjectQuota;
import cloud.ims.core.quota.ProjectQuotas;
import cloud.ims.core.server.Server;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Gives back the quota an ECS held, when it failed or was deleted. Callers release only for a transition they made
 * themselves, so that a replayed command never releases twice.
 */
@Component
class ComputeRelease {

	private final ProjectQuotas quotas;

	ComputeRelease(ProjectQuotas quotas) {
		this.quotas = quotas;
	}

	Mono<ProjectQuota> release(Server server) {
		ComputeUsage held = ComputeUsage.of(1, server.flavor().vcpus(), server.flavor().ramMb());
		return this.quotas.update(server.projectId(), (quota) -> quota.releaseCompute(held));
	}

}
