package cloud.ims.provisioning;

import java.time.Duration;

import cloud.ims.core.quota.ComputeUsage;
import cloud.ims.core.quota.ProjectQuotas;
import cloud.ims.core.server.Server;
import org.springframework.stereotype.Component;

/**
 * Gives back the quota an ECS held, when it failed or was deleted. Callers release only for a transition they made
 * themselves, so that a replayed command never releases twice.
 */
@Component
class ComputeRelease {

	private static final Duration STORE_TIMEOUT = Duration.ofSeconds(30);

	private final ProjectQuotas quotas;

	ComputeRelease(ProjectQuotas quotas) {
		this.quotas = quotas;
	}

	void releaseHeldBy(Server server) {
		ComputeUsage held = ComputeUsage.of(1, server.flavor().vcpus(), server.flavor().ramMb());
		this.quotas.update(server.projectId(), (quota) -> quota.releaseCompute(held)).block(STORE_TIMEOUT);
	}

}
