package cloud.ims.core.mongo;

import cloud.ims.core.quota.ComputeLimits;
import cloud.ims.core.quota.ComputeUsage;
import cloud.ims.core.quota.ProjectQuota;
import org.bson.Document;

final class ProjectQuotaMapper implements DocumentMapper<ProjectQuota> {

	@Override
	public Document toDocument(ProjectQuota quota) {
		return new Document("_id", quota.projectId()).append("version", quota.version())
			.append("imageLimit", quota.imageLimit())
			.append("imagesUsed", quota.imagesUsed())
			.append("computeLimits", new Document("instances", quota.computeLimits().instances())
				.append("cores", quota.computeLimits().cores())
				.append("ramMb", quota.computeLimits().ramMb()))
			.append("computeUsed", new Document("instances", quota.computeUsed().instances())
				.append("cores", quota.computeUsed().cores())
				.append("ramMb", quota.computeUsed().ramMb()))
			.append("imageBytesLimit", quota.imageBytesLimit())
			.append("imageBytesUsed", quota.imageBytesUsed());
	}

	@Override
	public ProjectQuota fromDocument(Document document) {
		Document limits = document.get("computeLimits", new Document());
		Document used = document.get("computeUsed", new Document());
		return new ProjectQuota(document.getString("_id"), document.getInteger("imageLimit"),
				document.getInteger("imagesUsed", 0),
				new ComputeLimits(limits.getInteger("instances"), limits.getInteger("cores"), number(limits, "ramMb")),
				new ComputeUsage(used.getInteger("instances", 0), used.getInteger("cores", 0),
						(number(used, "ramMb") != null) ? number(used, "ramMb") : 0L),
				number(document, "imageBytesLimit"),
				(number(document, "imageBytesUsed") != null) ? number(document, "imageBytesUsed") : 0L,
				document.getLong("version"));
	}

	private static Long number(Document document, String key) {
		Number value = document.get(key, Number.class);
		return (value != null) ? value.longValue() : null;
	}

	@Override
	public String id(ProjectQuota quota) {
		return quota.projectId();
	}

	@Override
	public long version(ProjectQuota quota) {
		return quota.version();
	}

	@Override
	public ProjectQuota withVersion(ProjectQuota quota, long version) {
		return quota.withVersion(version);
	}

}
