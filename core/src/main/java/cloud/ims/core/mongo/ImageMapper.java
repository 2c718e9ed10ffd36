package cloud.ims.core.mongo;

import java.util.List;

import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageData;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.image.ImageMember;
import cloud.ims.core.image.ImageMembers;
import cloud.ims.core.image.ImageStatus;
import cloud.ims.core.image.MemberStatus;
import cloud.ims.core.image.StagedData;
import cloud.ims.core.image.Visibility;
import org.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * An image as one document. Its members are kept in {@code members}; {@code sharedWith} repeats them as
 * {@code <status>:<project>} strings, which lists select by (one equality on an array, indexable on MongoDB and
 * cheap in memory).
 */
final class ImageMapper implements DocumentMapper<Image> {

	static final String SHARED_WITH = "sharedWith";

	/** How {@code sharedWith} names a project with its answer: the status first, as it never holds a colon. */
	static String sharedWith(MemberStatus status, String projectId) {
		return status.wireName() + ":" + projectId;
	}

	/** The project of a {@code sharedWith} entry. */
	static String projectOf(String sharedWith) {
		return sharedWith.substring(sharedWith.indexOf(':') + 1);
	}

	@Override
	public Document toDocument(Image image) {
		Document document = new Document("_id", image.id().value()).append("version", image.version())
			.append("name", image.name())
			.append("status", image.status().wireName())
			.append("visibility", image.visibility().wireName())
			.append("owner", image.owner())
			.append("protected", image.isProtected())
			.append("tags", image.tags())
			.append("containerFormat", image.containerFormat())
			.append("minDisk", image.minDisk())
			.append("minRam", image.minRam())
			.append("maxRam", image.maxRam())
			.append("osType", image.osType())
			.append("osVersion", image.osVersion())
			.append("platform", image.platform())
			.append("osBit", image.osBit())
			.append("description", image.description())
			.append("dataOrigin", image.dataOrigin())
			.append("properties", BsonValues.stringMap(image.properties()))
			.append("jobId", image.jobId())
			.append("createdAt", BsonValues.date(image.createdAt()))
			.append("updatedAt", BsonValues.date(image.updatedAt()))
			.append("members", image.members().list().stream().map(ImageMapper::memberDocument).toList())
			.append(SHARED_WITH, image.members().list().stream()
				.map((member) -> sharedWith(member.status(), member.projectId()))
				.toList());
		ImageData data = image.data();
		// Sort keys are never null, so that keyset pagination can compare them.
		document.append("diskFormat", (data != null) ? data.diskFormat() : image.properties().getOrDefault("disk_format", ""))
			.append("size", (data != null) ? data.size() : -1L);
		if (data != null) {
			document.append("virtualSize", data.virtualSize())
				.append("checksum", data.md5())
				.append("osHashValue", data.sha256());
		}
		StagedData staged = image.staged();
		if (staged != null) {
			document.append("staged", new Document("file", staged.file()).append("size", staged.size())
				.append("sha256", staged.sha256())
				.append("md5", staged.md5()));
		}
		return document;
	}

	@Override
	public Image fromDocument(Document document) {
		ImageData data = document.containsKey("checksum") ? new ImageData(document.getString("diskFormat"),
				document.getLong("size"), document.getLong("virtualSize"), document.getString("checksum"),
				document.getString("osHashValue")) : null;
		return new Image(new ImageId(document.getString("_id")), document.getString("name"),
				ImageStatus.fromWireName(document.getString("status")),
				Visibility.fromWireName(document.getString("visibility")), document.getString("owner"),
				document.getBoolean("protected"), BsonValues.strings(document, "tags"),
				document.getString("containerFormat"), document.getInteger("minDisk"),
				document.getInteger("minRam"), document.getInteger("maxRam"), data, document.getString("osType"),
				document.getString("osVersion"), document.getString("platform"), document.getString("osBit"),
				document.getString("description"), document.getString("dataOrigin"),
				BsonValues.stringMap(document, "properties"), document.getString("jobId"),
				BsonValues.requiredInstant(document, "createdAt"), BsonValues.requiredInstant(document, "updatedAt"),
				document.getLong("version"), members(document), staged(document));
	}

	private static @Nullable StagedData staged(Document document) {
		Document staged = document.get("staged", Document.class);
		return (staged != null) ? new StagedData(staged.getString("file"), staged.getLong("size"),
				staged.getString("sha256"), staged.getString("md5")) : null;
	}

	private static Document memberDocument(ImageMember member) {
		return new Document("project", member.projectId()).append("status", member.status().wireName())
			.append("createdAt", BsonValues.date(member.createdAt()))
			.append("updatedAt", BsonValues.date(member.updatedAt()));
	}

	private static ImageMembers members(Document document) {
		List<Document> members = document.getList("members", Document.class);
		if (members == null || members.isEmpty()) {
			return ImageMembers.NONE;
		}
		return new ImageMembers(members.stream()
			.map((member) -> new ImageMember(member.getString("project"),
					MemberStatus.fromWireName(member.getString("status")).orElse(MemberStatus.PENDING),
					BsonValues.requiredInstant(member, "createdAt"), BsonValues.requiredInstant(member, "updatedAt")))
			.toList());
	}

	@Override
	public String id(Image image) {
		return image.id().value();
	}

	@Override
	public long version(Image image) {
		return image.version();
	}

	@Override
	public Image withVersion(Image image, long version) {
		return image.withVersion(version);
	}

}
