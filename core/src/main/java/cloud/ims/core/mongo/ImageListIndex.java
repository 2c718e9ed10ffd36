package cloud.ims.core.mongo;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import cloud.ims.core.image.ImageStatus;
import cloud.ims.core.image.Visibility;
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
 *
 * <p>A deleted image leaves the index (no list shows it, and its properties would otherwise stay in memory for
 * ever); only its id and the version that deleted it are kept, so that an older version that arrives later cannot
 * bring it back, and those are forgotten once a full reload that began after the deletion has ended.
 */
final class ImageListIndex {

	private static final Set<String> KEYS = Set.copyOf(ImageSelection.FIELDS.values());

	private final ConcurrentMap<String, Document> entries = new ConcurrentHashMap<>();

	/** The entries by owning project, so that a project's list looks only at its own images and the public ones. */
	private final ConcurrentMap<String, ConcurrentMap<String, Document>> byOwner = new ConcurrentHashMap<>();

	/** The entries by project they are shared with (whatever it answered), for the lists of those projects. */
	private final ConcurrentMap<String, ConcurrentMap<String, Document>> byMember = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, Document> publicOnes = new ConcurrentHashMap<>();

	/** The deleted images, by id, with the version that deleted them and the reload generation that saw it. */
	private final ConcurrentMap<String, Deletion> deletions = new ConcurrentHashMap<>();

	private final AtomicLong generation = new AtomicLong();

	private volatile boolean loaded;

	/** The list fields of a stored image document (or of a document as the mapper writes it). */
	static Document keysOf(Document document) {
		Document keys = new Document();
		document.forEach((key, value) -> {
			if (KEYS.contains(key) || "version".equals(key) || "properties".equals(key)
					|| ImageMapper.SHARED_WITH.equals(key)) {
				keys.put(key, value);
			}
		});
		return keys;
	}

	/** Projection of the keys, for reading them from the store. */
	static List<String> fieldNames() {
		List<String> names = new ArrayList<>(KEYS);
		names.add("version");
		names.add("properties");
		names.add(ImageMapper.SHARED_WITH);
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
		String id = keys.getString("_id");
		this.entries.compute(id, (key, current) -> {
			if (current != null && version(keys) < version(current)) {
				return current;
			}
			Deletion deletion = this.deletions.get(id);
			if (deletion != null && version(keys) <= deletion.version()) {
				return current;
			}
			// Inside the compute, so that the views of one image change in the order of its versions.
			if (ImageStatus.DELETED.wireName().equals(keys.get("status"))) {
				this.deletions.put(id, new Deletion(version(keys), this.generation.get()));
				if (current != null) {
					removeViews(id, current);
				}
				return null;
			}
			this.byOwner.computeIfAbsent(String.valueOf(keys.get("owner")), (owner) -> new ConcurrentHashMap<>())
				.put(id, keys);
			if (Visibility.PUBLIC.wireName().equals(keys.get("visibility"))) {
				this.publicOnes.put(id, keys);
			}
			else {
				this.publicOnes.remove(id);
			}
			Set<String> members = members(keys);
			if (current != null) {
				members(current).stream()
					.filter((member) -> !members.contains(member))
					.forEach((former) -> this.byMember.computeIfPresent(former, (member, shared) -> {
						shared.remove(id);
						return shared.isEmpty() ? null : shared;
					}));
			}
			members.forEach((member) -> this.byMember.computeIfAbsent(member, (project) -> new ConcurrentHashMap<>())
				.put(id, keys));
			return keys;
		});
	}

	private void removeViews(String id, Document entry) {
		this.byOwner.computeIfPresent(String.valueOf(entry.get("owner")), (owner, own) -> {
			own.remove(id);
			return own.isEmpty() ? null : own;
		});
		this.publicOnes.remove(id);
		members(entry).forEach((former) -> this.byMember.computeIfPresent(former, (member, shared) -> {
			shared.remove(id);
			return shared.isEmpty() ? null : shared;
		}));
	}

	/** Marks the start of a full reload; answers what {@link #reloaded} takes once it has ended. */
	long reloading() {
		return this.generation.incrementAndGet();
	}

	/**
	 * After a full reload that began with {@code reload}: deletions seen before it began are forgotten, since no read
	 * from before them can still be on its way (and a page that reads a deleted image from the store removes it again).
	 */
	void reloaded(long reload) {
		this.deletions.values().removeIf((deletion) -> deletion.generation() < reload);
	}

	/** How many images the index holds. */
	int size() {
		return this.entries.size();
	}

	/** How many deletions the index remembers. */
	int deletionsRemembered() {
		return this.deletions.size();
	}

	@Nullable Document get(String id) {
		return this.entries.get(id);
	}

	/** The ids of the first {@code count} entries that may be in the selection, in its order. */
	List<String> select(ImageSelection selection, int count) {
		return scope(selection.project())
			.filter(selection.candidate())
			.sorted(selection.order())
			.limit(count)
			.map((document) -> document.getString("_id"))
			.toList();
	}

	/**
	 * The entries a project's list may show: its own images, the public ones and those shared with it (each once);
	 * all for null.
	 */
	private Stream<Document> scope(@Nullable String project) {
		if (project == null) {
			return this.entries.values().stream();
		}
		Map<String, Document> own = this.byOwner.get(project);
		Stream<Document> others = this.publicOnes.values().stream()
			.filter((entry) -> !project.equals(entry.get("owner")));
		Map<String, Document> shared = this.byMember.get(project);
		if (shared != null) {
			others = Stream.concat(others, shared.values().stream()
				.filter((entry) -> !project.equals(entry.get("owner"))
						&& !Visibility.PUBLIC.wireName().equals(entry.get("visibility"))));
		}
		return (own != null) ? Stream.concat(others, own.values().stream()) : others;
	}

	/** The projects an entry is shared with, whatever they answered. */
	private static Set<String> members(Document keys) {
		Object sharedWith = keys.get(ImageMapper.SHARED_WITH);
		if (!(sharedWith instanceof List<?> entries) || entries.isEmpty()) {
			return Set.of();
		}
		Set<String> members = new HashSet<>();
		entries.forEach((entry) -> members.add(ImageMapper.projectOf(String.valueOf(entry))));
		return members;
	}

	/** The version that deleted an image, and the reload generation in which the index learnt of it. */
	private record Deletion(long version, long generation) {
	}

	private static long version(Document document) {
		Number version = (Number) document.get("version");
		return (version != null) ? version.longValue() : 0;
	}

}
