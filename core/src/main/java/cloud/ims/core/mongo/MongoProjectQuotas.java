package cloud.ims.core.mongo;

import java.util.Optional;
import java.util.function.Function;

import cloud.ims.core.image.Image;
import cloud.ims.core.quota.ComputeUsage;
import cloud.ims.core.quota.ProjectQuota;
import cloud.ims.core.quota.ProjectQuotas;
import cloud.ims.core.quota.QuotaUsage;
import cloud.ims.core.server.Server;
import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoDatabase;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Project quotas and usage in the {@code quotas} collection, one document per project.
 */
public final class MongoProjectQuotas implements ProjectQuotas {

	static final String COLLECTION = "quotas";

	private final VersionedCollection<ProjectQuota> quotas;

	private final MongoDatabase database;

	public MongoProjectQuotas(MongoDatabase database) {
		this.quotas = new VersionedCollection<>(database.getCollection(COLLECTION), new ProjectQuotaMapper());
		this.database = database;
	}

	@Override
	public Mono<ProjectQuota> find(String projectId) {
		return this.quotas.find(projectId).defaultIfEmpty(ProjectQuota.unused(projectId));
	}

	@Override
	public Mono<ProjectQuota> update(String projectId, Function<ProjectQuota, Optional<ProjectQuota>> change) {
		return this.quotas.upsert(projectId, () -> ProjectQuota.unused(projectId), change);
	}

	@Override
	public Flux<ProjectQuota> all() {
		return Flux.from(this.quotas.collection().find()).map(new ProjectQuotaMapper()::fromDocument);
	}

	/** Reads the project's images and ECSs whole, through their mappers, so that "holds a unit" is the domain's rule. */
	@Override
	public Mono<QuotaUsage> measure(String projectId) {
		ImageMapper images = new ImageMapper();
		ServerMapper servers = new ServerMapper();
		Mono<Long> holdingImages = Flux.from(this.database.getCollection(MongoImages.COLLECTION)
			.find(Filters.eq("owner", projectId)))
			.map(images::fromDocument)
			.filter(Image::holdsQuota)
			.count();
		Mono<ComputeUsage> holdingServers = Flux.from(this.database.getCollection(MongoServers.COLLECTION)
			.find(Filters.eq("projectId", projectId)))
			.map(servers::fromDocument)
			.filter(Server::holdsQuota)
			.map((server) -> ComputeUsage.of(1, server.flavor().vcpus(), server.flavor().ramMb()))
			.reduce(ComputeUsage.NONE, ComputeUsage::plus);
		return Mono.zip(holdingImages, holdingServers)
			.map((usage) -> new QuotaUsage(usage.getT1().intValue(), usage.getT2()));
	}

}
