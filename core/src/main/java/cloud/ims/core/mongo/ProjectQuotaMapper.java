package cloud.ims.core.mongo;

import cloud.ims.core.quota.ProjectQuota;
import org.bson.Document;

final class ProjectQuotaMapper implements DocumentMapper<ProjectQuota> {

	@Override
	public Document toDocument(ProjectQuota quota) {
		return new Document("_id", quota.projectId()).append("version", quota.version())
			.append("imageLimit", quota.imageLimit())
			.append("imagesUsed", quota.imagesUsed());
	}

	@Override
	public ProjectQuota fromDocument(Document document) {
		return new ProjectQuota(document.getString("_id"), document.getInteger("imageLimit"),
				document.getInteger("imagesUsed", 0), document.getLong("version"));
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
