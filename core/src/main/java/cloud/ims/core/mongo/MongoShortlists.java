package cloud.ims.core.mongo;

import java.util.Optional;
import java.util.function.Function;

import cloud.ims.core.shortlist.Shortlist;
import cloud.ims.core.shortlist.Shortlists;
import com.mongodb.reactivestreams.client.MongoDatabase;
import reactor.core.publisher.Mono;

/**
 * Frequently used images in the {@code shortlists} collection, one document per user.
 */
public final class MongoShortlists implements Shortlists {

	static final String COLLECTION = "shortlists";

	private final VersionedCollection<Shortlist> shortlists;

	public MongoShortlists(MongoDatabase database) {
		this.shortlists = new VersionedCollection<>(database.getCollection(COLLECTION), new ShortlistMapper());
	}

	@Override
	public Mono<Shortlist> find(String userId) {
		return this.shortlists.find(userId).defaultIfEmpty(Shortlist.empty(userId));
	}

	@Override
	public Mono<Shortlist> update(String userId, Function<Shortlist, Optional<Shortlist>> change) {
		return this.shortlists.upsert(userId, () -> Shortlist.empty(userId), change);
	}

}
