package cloud.ims.core.mongo;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * The fields that image lists filter and sort on, for every image, in memory: a page is chosen here and only its
 * images are read from the store. The MongoDB-protocol server of the standalone stack has no secondary indexes and
 * would otherwise read and match every image document for every page.
 *
 * <p>Entries only ever move forward: an entry is replaced only by a newer version of its image, whichever way the
 * newer version arrives (this process's own writes, a refresh after another process's change, a full reload), so
 * the order in which they arrive does not matter. A page read from the store is checked again against the list's
 * conditions, so an entry that is behind the store can delay an image's appearance in a list, never show a wrong one.
 */
final class ImageListIndex {

	private static final Set<String> KEYS = Set.copyOf(ImageSelection.FIELDS.values());

	private final ConcurrentMap<String, Document> entries = new ConcurrentHashMap<>();

	private volatile boolean loaded;

	/** The list fields of a stored image document (or of a document as the mapper writes it). */
	static Document keysOf(Document document) {
		Document keys = new Document();
		document.forEach((key, value) -> {
			if (KEYS.contains(key) || "version".equals(key) || "properties".equals(key)) {
				keys.put(key, value);
			}
		});
		return keys;
	}

	/** Projection of the keys, for reading them from the store. */
	static List<String> fieldNames() {
		List<String> names = new java.util.ArrayList<>(KEYS);
		names.add("version");
		names.add("properties");
		return names;
	}

	boolean isLoaded() {
		return this.loaded;
	}

	void markLoaded() {
		this.loaded = true;
	}

	void put(Document document) {
		Document keys = keysOf(document);
		this.entries.merge(keys.getString("_id"), keys,
				(current, candidate) -> (version(candidate) >= version(current)) ? candidate : current);
	}

	@Nullable Document get(String id) {
		return this.entries.get(id);
	}

	/** The ids of the first {@code count} entries that may be in the selection, in its order. */
	List<String> select(ImageSelection selection, int count) {
		return this.entries.values()
			.stream()
			.filter(selection.candidate())
			.sorted(selection.order())
			.limit(count)
			.map((document) -> document.getString("_id"))
			.toList();
	}

	int size() {
		return this.entries.size();
	}

	private static long version(Document document) {
		Number version = (Number) document.get("version");
		return (version != null) ? version.longValue() : 0;
	}

}
