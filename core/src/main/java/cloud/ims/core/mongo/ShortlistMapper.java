package cloud.ims.core.mongo;

import java.util.List;

import cloud.ims.core.image.ImageId;
import cloud.ims.core.shortlist.Shortlist;
import org.bson.Document;

final class ShortlistMapper implements DocumentMapper<Shortlist> {

	@Override
	public Document toDocument(Shortlist shortlist) {
		return new Document("_id", shortlist.userId()).append("version", shortlist.version())
			.append("entries", shortlist.entries().stream()
				.map((entry) -> new Document("imageId", entry.imageId().value()).append("addedAt",
						BsonValues.date(entry.addedAt())))
				.toList());
	}

	@Override
	public Shortlist fromDocument(Document document) {
		List<Document> entries = document.getList("entries", Document.class, List.of());
		return new Shortlist(document.getString("_id"), entries.stream()
			.map((entry) -> new Shortlist.Entry(new ImageId(entry.getString("imageId")),
					BsonValues.requiredInstant(entry, "addedAt")))
			.toList(), document.getLong("version"));
	}

	@Override
	public String id(Shortlist shortlist) {
		return shortlist.userId();
	}

	@Override
	public long version(Shortlist shortlist) {
		return shortlist.version();
	}

	@Override
	public Shortlist withVersion(Shortlist shortlist, long version) {
		return shortlist.withVersion(version);
	}

}
