package cloud.ims.core.mongo;

/**
 * Another writer changed the document between our read and our compare-and-set; read again and retry.
 */
final class ConcurrentChange extends RuntimeException {

	ConcurrentChange(String collection, String id) {
		super("Concurrent change of " + collection + " " + id, null, false, false);
	}

}
