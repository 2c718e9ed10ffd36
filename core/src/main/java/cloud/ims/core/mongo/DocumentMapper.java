package cloud.ims.core.mongo;

import org.bson.Document;

/**
 * Maps one domain type to and from its MongoDB document; the document's {@code _id} and {@code version}
 * fields carry the entity's id and optimistic-locking version.
 */
interface DocumentMapper<T> {

	Document toDocument(T entity);

	T fromDocument(Document document);

	String id(T entity);

	long version(T entity);

	T withVersion(T entity, long version);

}
