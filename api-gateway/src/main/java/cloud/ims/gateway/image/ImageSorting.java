package cloud.ims.gateway.image;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import cloud.ims.core.image.ImageQuery.Sort;
import cloud.ims.core.image.ImageQuery.SortKey;
import org.springframework.util.MultiValueMap;

/**
 * The order a Glance list asks for, in either of Glance's syntaxes: {@code sort=name:asc,size} (a key without a
 * direction descends), or the older {@code sort_key} and {@code sort_dir}, each of which may repeat (one direction for
 * every key, or one per key). The two cannot be mixed, and no key may come twice.
 */
final class ImageSorting {

	private static final String KEYS = "name, status, id, created_at, updated_at, size, disk_format or container_format";

	private ImageSorting() {
	}

	static List<Sort> glance(MultiValueMap<String, String> parameters) {
		List<String> sort = parameters.get("sort");
		List<String> keys = parameters.getOrDefault("sort_key", List.of());
		List<String> directions = parameters.getOrDefault("sort_dir", List.of());
		List<Sort> sorts = new ArrayList<>();
		if (sort != null) {
			if (!keys.isEmpty() || !directions.isEmpty()) {
				throw ImageFilters.invalid("sort cannot be combined with sort_key or sort_dir: give either "
						+ "sort=name:asc,created_at:desc or sort_key and sort_dir.");
			}
			for (String value : sort) {
				for (String item : value.split(",", -1)) {
					sorts.add(sortItem(item));
				}
			}
		}
		else if (keys.isEmpty()) {
			sorts.add(new Sort(SortKey.CREATED_AT, !directions.isEmpty() && ascending(directions.get(0))));
			if (directions.size() > 1) {
				throw ImageFilters.invalid("sort_dir is given " + directions.size()
						+ " times but there is no sort_key; give one sort_dir per sort_key.");
			}
		}
		else {
			if (directions.size() > 1 && directions.size() != keys.size()) {
				throw ImageFilters.invalid("sort_dir is given " + directions.size() + " times for " + keys.size()
						+ " sort_key values; give one sort_dir for all keys or one per key.");
			}
			for (int i = 0; i < keys.size(); i++) {
				String direction = directions.isEmpty() ? "desc" : directions.get((directions.size() == 1) ? 0 : i);
				sorts.add(new Sort(key(keys.get(i)), ascending(direction)));
			}
		}
		Set<SortKey> seen = new HashSet<>();
		for (Sort each : sorts) {
			if (!seen.add(each.key())) {
				throw ImageFilters.invalid("Sort key " + each.key().field().name()
						+ " is given twice; sort by each key once.");
			}
		}
		return sorts;
	}

	static SortKey key(String key) {
		try {
			return SortKey.valueOf(key.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException unknown) {
			throw ImageFilters.invalid("'" + key + "' (in sort_key or sort) is not a sort key; use " + KEYS + ".");
		}
	}

	static boolean ascending(String direction) {
		return switch (direction.trim().toLowerCase(Locale.ROOT)) {
			case "asc" -> true;
			case "desc" -> false;
			default -> throw ImageFilters.invalid("sort_dir=" + direction + " is invalid; use asc or desc.");
		};
	}

	private static Sort sortItem(String item) {
		if (item.isBlank()) {
			throw ImageFilters.invalid("sort has an empty key; use sort=key:dir,key2:dir2 with keys among " + KEYS
					+ ".");
		}
		int colon = item.indexOf(':');
		if (colon < 0) {
			return new Sort(key(item), false);
		}
		String direction = item.substring(colon + 1);
		if (!List.of("asc", "desc").contains(direction.trim().toLowerCase(Locale.ROOT))) {
			throw ImageFilters.invalid("sort=" + item + " has an invalid direction; use asc or desc, e.g. "
					+ "sort=name:asc.");
		}
		return new Sort(key(item.substring(0, colon)), ascending(direction));
	}

}
