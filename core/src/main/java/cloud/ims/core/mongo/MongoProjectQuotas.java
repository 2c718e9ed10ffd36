package cloud.ims.core.mongo;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import cloud.ims.core.image.Image;
import cloud.ims.core.job.JobType;
import cloud.ims.core.quota.ComputeUsage;
import cloud.ims.core.quota.ExportBytes;
import cloud.ims.core.quota.ImageBytes;
import cloud.ims.core.quota.ProjectQuota;
import cloud.ims.core.quota.ProjectQuotas;
import cloud.ims.core.quota.QuotaUsage;
import cloud.ims.core.server.Server;
import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoDatabase;
import org.jspecify.annotations.Nullable;
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
		Mono<List<Image>> holdingImages = Flux.from(this.database.getCollection(MongoImages.COLLECTION)
			.find(Filters.eq("owner", projectId)))
			.map(images::fromDocument)
			.filter(Image::holdsQuota)
			.collectList();
		Mono<ComputeUsage> holdingServers = Flux.from(this.database.getCollection(MongoServers.COLLECTION)
			.find(Filters.eq("projectId", projectId)))
			.map(servers::fromDocument)
			.filter(Server::holdsQuota)
			.map((server) -> ComputeUsage.of(1, server.flavor().vcpus(), server.flavor().ramMb()))
			.reduce(ComputeUsage.NONE, ComputeUsage::plus);
		JobMapper jobs = new JobMapper();
		Instant now = Instant.now();
		Mono<List<Optional<Long>>> exports = Flux.from(this.database.getCollection(MongoJobs.COLLECTION)
			.find(Filters.and(Filters.eq("projectId", projectId), Filters.eq("type", JobType.EXPORT_IMAGE.wireName()))))
			.map(jobs::fromDocument)
			.map((job) -> Optional.ofNullable(ExportBytes.heldBy(job, now)))
			.collectList();
		return Mono.zip(holdingImages, holdingServers, exports)
			.map((usage) -> new QuotaUsage(usage.getT1().size(), usage.getT2(),
					bytes(usage.getT1(), usage.getT3())));
	}

	/**
	 * The bytes the images and the kept exports hold; unknown while an image is being created or an export made (their
	 * jobs hold reservations that no document records), or an expired export may still wait for its sweep.
	 */
	private static @Nullable Long bytes(List<Image> holding, List<Optional<Long>> exports) {
		if (holding.stream().anyMatch(Image::isBeingCreated) || exports.stream().anyMatch(Optional::isEmpty)) {
			return null;
		}
		return holding.stream().mapToLong(ImageBytes::heldBy).sum()
				+ exports.stream().mapToLong(Optional::orElseThrow).sum();
	}

}
