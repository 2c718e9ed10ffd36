package cloud.ims.core.mongo;

import java.util.Optional;
import java.util.function.Function;

import cloud.ims.core.quota.ProjectQuota;
import cloud.ims.core.quota.ProjectQuotas;
import com.mongodb.reactivestreams.client.MongoDatabase;
import reactor.core.publisher.Mono;

/**
 * Project quotas and usage in the {@code quotas} collection, one document per project.
 */
public final class MongoProjectQuotas implements ProjectQuotas {

	static final String COLLECTION = "quotas";

	private final VersionedCollection<ProjectQuota> quotas;

	public MongoProjectQuotas(MongoDatabase database) {
		this.quotas = new VersionedCollection<>(database.getCollection(COLLECTION), new ProjectQuotaMapper());
	}

	@Override
	public Mono<ProjectQuota> find(String projectId) {
		return this.quotas.find(projectId).defaultIfEmpty(ProjectQuota.unused(projectId));
	}

	@Override
	public Mono<ProjectQuota> update(String projectId, Function<ProjectQuota, Optional<ProjectQuota>> change) {
		return this.quotas.upsert(projectId, () -> ProjectQuota.unused(projectId), change);
	}

}
