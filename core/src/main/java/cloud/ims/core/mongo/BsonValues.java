package cloud.ims.core.mongo;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * Conversions between domain values and BSON values that every mapper needs.
 */
final class BsonValues {

	private BsonValues() {
	}

	static @Nullable Date date(@Nullable Instant instant) {
		return (instant != null) ? Date.from(instant) : null;
	}

	static @Nullable Instant instant(Document document, String key) {
		Date date = document.getDate(key);
		return (date != null) ? date.toInstant() : null;
	}

	static Instant requiredInstant(Document document, String key) {
		return document.getDate(key).toInstant();
	}

	static Document stringMap(Map<String, String> map) {
		return new Document(new LinkedHashMap<>(map));
	}

	static Map<String, String> stringMap(Document document, String key) {
		Document map = document.get(key, Document.class);
		if (map == null) {
			return Map.of();
		}
		Map<String, String> result = new LinkedHashMap<>();
		map.forEach((name, value) -> result.put(name, String.valueOf(value)));
		return result;
	}

	static List<String> strings(Document document, String key) {
		List<String> list = document.getList(key, String.class);
		return (list != null) ? List.copyOf(list) : List.of();
	}

}
