package cloud.ims.core.mongo;

import cloud.ims.core.event.PendingEvent;
import org.bson.Document;
import org.bson.types.Binary;

/**
 * How a document keeps its events until they are published: {@code events}, in the order recorded, and
 * {@code eventSequence}, how many it has ever recorded, so that the last waiting one has that resource version.
 */
final class EventFields {

	static final String EVENTS = "events";

	static final String SEQUENCE = "eventSequence";

	private EventFields() {
	}

	static Document toDocument(PendingEvent event) {
		return new Document("id", event.id()).append("topic", event.topic())
			.append("key", event.key())
			.append("payload", new Binary(event.payload()));
	}

	static PendingEvent fromDocument(Document document) {
		return new PendingEvent(document.getString("id"), document.getString("topic"), document.getString("key"),
				document.get("payload", Binary.class).getData());
	}

}
