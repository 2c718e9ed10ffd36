package cloud.ims.core.quota;

import java.util.Optional;
import java.util.function.Function;

import reactor.core.publisher.Mono;

/**
 * Every project's quotas and usage.
 */
public interface ProjectQuotas {

	/** The project's quota; an unused one for a project never seen. */
	Mono<ProjectQuota> find(String projectId);

	Mono<ProjectQuota> update(String projectId, Function<ProjectQuota, Optional<ProjectQuota>> change);

}
