package cloud.ims.core.mongo;

import cloud.ims.core.identity.credential.AccessKey;
import cloud.ims.core.identity.credential.AccessKeyId;
import cloud.ims.core.identity.credential.AccessKeyStatus;
import cloud.ims.core.identity.credential.SealedSecret;
import org.bson.Document;
import org.bson.types.Binary;

final class AccessKeyMapper implements DocumentMapper<AccessKey> {

	@Override
	public Document toDocument(AccessKey key) {
		Document secret = new Document("key", key.secret().keyFingerprint())
			.append("nonce", new Binary(key.secret().nonce()))
			.append("sealed", new Binary(key.secret().ciphertext()));
		Document document = new Document("_id", key.id().value()).append("version", key.version())
			.append("userId", key.userId())
			.append("slot", key.slot())
			.append("description", key.description())
			.append("status", key.status().wireName())
			.append("createdAt", BsonValues.date(key.createdAt()))
			.append("secret", secret);
		if (key.lastUsedAt() != null) {
			document.append("lastUsedAt", BsonValues.date(key.lastUsedAt()));
		}
		return document;
	}

	@Override
	public AccessKey fromDocument(Document document) {
		Document secret = document.get("secret", Document.class);
		return new AccessKey(new AccessKeyId(document.getString("_id")), document.getString("userId"),
				document.getString("description"),
				AccessKeyStatus.fromWireName(document.getString("status")).orElse(AccessKeyStatus.INACTIVE),
				BsonValues.requiredInstant(document, "createdAt"), BsonValues.instant(document, "lastUsedAt"),
				document.getInteger("slot"),
				new SealedSecret(secret.getString("key"), secret.get("nonce", Binary.class).getData(),
						secret.get("sealed", Binary.class).getData()),
				document.getLong("version"));
	}

	@Override
	public String id(AccessKey key) {
		return key.id().value();
	}

	@Override
	public long version(AccessKey key) {
		return key.version();
	}

	@Override
	public AccessKey withVersion(AccessKey key, long version) {
		return key.withVersion(version);
	}

}
