package cloud.ims.core.quota;

import java.util.Optional;
import java.util.function.Function;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Every project's quotas and usage.
 */
public interface ProjectQuotas {

	/** The project's quota; an unused one for a project never seen. */
	Mono<ProjectQuota> find(String projectId);

	Mono<ProjectQuota> update(String projectId, Function<ProjectQuota, Optional<ProjectQuota>> change);

	/** Every project's quota that was ever changed. */
	Flux<ProjectQuota> all();

	/** What the project's images and ECSs use, counted from them: the truth its recorded usage must match. */
	Mono<QuotaUsage> measure(String projectId);

}
