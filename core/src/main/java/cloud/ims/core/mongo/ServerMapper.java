package cloud.ims.core.mongo;

import cloud.ims.core.image.ImageId;
import cloud.ims.core.server.Fault;
import cloud.ims.core.server.Flavor;
import cloud.ims.core.server.Server;
import cloud.ims.core.server.ServerId;
import cloud.ims.core.server.ServerStatus;
import org.bson.Document;

final class ServerMapper implements DocumentMapper<Server> {

	@Override
	public Document toDocument(Server server) {
		Flavor flavor = server.flavor();
		Document document = new Document("_id", server.id().value()).append("version", server.version())
			.append("name", server.name())
			.append("projectId", server.projectId())
			.append("userId", server.userId())
			.append("status", server.status().name())
			.append("imageId", server.imageId().value())
			.append("flavor", new Document("id", flavor.id()).append("name", flavor.name())
				.append("vcpus", flavor.vcpus())
				.append("ramMb", flavor.ramMb())
				.append("diskGb", flavor.diskGb()))
			.append("rootVolumeGb", server.rootVolumeGb())
			.append("metadata", BsonValues.stringMap(server.metadata()))
			.append("description", server.description())
			.append("jobId", server.jobId())
			.append("created", BsonValues.date(server.created()))
			.append("updated", BsonValues.date(server.updated()));
		Fault fault = server.fault();
		if (fault != null) {
			document.append("fault", new Document("code", fault.code()).append("message", fault.message()));
		}
		return document;
	}

	@Override
	public Server fromDocument(Document document) {
		Document flavor = document.get("flavor", Document.class);
		Document fault = document.get("fault", Document.class);
		return new Server(new ServerId(document.getString("_id")), document.getString("name"),
				document.getString("projectId"), document.getString("userId"),
				ServerStatus.valueOf(document.getString("status")), new ImageId(document.getString("imageId")),
				new Flavor(flavor.getString("id"), flavor.getString("name"), flavor.getInteger("vcpus"),
						flavor.getInteger("ramMb"), flavor.getInteger("diskGb")),
				document.getInteger("rootVolumeGb"), BsonValues.stringMap(document, "metadata"),
				document.getString("description"),
				(fault != null) ? new Fault(fault.getString("code"), fault.getString("message")) : null,
				document.getString("jobId"), BsonValues.requiredInstant(document, "created"),
				BsonValues.requiredInstant(document, "updated"), document.getLong("version"));
	}

	@Override
	public String id(Server server) {
		return server.id().value();
	}

	@Override
	public long version(Server server) {
		return server.version();
	}

	@Override
	public Server withVersion(Server server, long version) {
		return server.withVersion(version);
	}

}
