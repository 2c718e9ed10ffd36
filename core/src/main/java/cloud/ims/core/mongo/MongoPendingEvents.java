package cloud.ims.core.mongo;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import cloud.ims.core.event.PendingEvent;
import cloud.ims.core.event.PendingEvents;
import cloud.ims.core.event.WaitingEventHints;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.reactivestreams.client.MongoDatabase;
import org.bson.Document;
import org.bson.conversions.Bson;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The events waiting in the documents of jobs, images and ECSs: read by id where this JVM's writes left a hint
 * ({@link WaitingEventHints}), and, in a sweep, found by the ids in their {@code events} (a sparse index keeps that
 * query as small as the backlog in MongoDB).
 */
public final class MongoPendingEvents implements PendingEvents {

	static final List<String> COLLECTIONS = List.of(MongoJobs.COLLECTION, MongoImages.COLLECTION,
			MongoServers.COLLECTION);

	private static final int IDS_PER_QUERY = 500;

	private final MongoDatabase database;

	public MongoPendingEvents(MongoDatabase database) {
		this.database = database;
	}

	@Override
	public Flux<Waiting> waiting(int limit, boolean sweep) {
		Map<String, Set<String>> hinted = WaitingEventHints.drain();
		Flux<Waiting> byHint = Flux.fromIterable(hinted.entrySet())
			.concatMap((hint) -> Flux.fromIterable(hint.getValue())
				.buffer(IDS_PER_QUERY)
				.concatMap((ids) -> find(hint.getKey(), Filters.in("_id", ids), ids.size())));
		Flux<Waiting> bySweep = sweep ? Flux.fromIterable(COLLECTIONS)
			.concatMap((collection) -> find(collection, Filters.exists(EventFields.EVENTS + ".id"), limit))
				: Flux.empty();
		Set<String> seen = new HashSet<>();
		return Flux.concat(byHint, bySweep)
			.filter((waiting) -> !waiting.events().isEmpty() && seen.add(waiting.collection() + "/" + waiting.documentId()))
			.collectList()
			.flatMapIterable((found) -> {
				// What does not fit in this round is hinted again, for the next.
				found.subList(Math.min(limit, found.size()), found.size())
					.forEach((later) -> WaitingEventHints.note(later.collection(), later.documentId()));
				return found.subList(0, Math.min(limit, found.size()));
			});
	}

	@Override
	public void notPublished(List<Waiting> waiting) {
		waiting.forEach((document) -> WaitingEventHints.note(document.collection(), document.documentId()));
	}

	private Flux<Waiting> find(String collection, Bson filter, int limit) {
		return Flux.from(this.database.getCollection(collection)
			.find(filter)
			.projection(Projections.include(EventFields.EVENTS, EventFields.SEQUENCE))
			.limit(limit)).map((document) -> waiting(collection, document));
	}

	@Override
	public Mono<Void> published(List<Waiting> published) {
		Map<String, List<Waiting>> byCollection = published.stream()
			.collect(Collectors.groupingBy(Waiting::collection));
		return Flux.fromIterable(byCollection.entrySet())
			.concatMap((entry) -> this.database.getCollection(entry.getKey())
				.updateMany(Filters.in("_id", entry.getValue().stream().map(Waiting::documentId).toList()),
						new Document("$pull", new Document(EventFields.EVENTS, new Document("id", new Document("$in",
								entry.getValue().stream().flatMap((waiting) -> waiting.events().stream())
									.map(PendingEvent::id)
									.toList()))))))
			.then();
	}

	private static Waiting waiting(String collection, Document document) {
		List<PendingEvent> events = document.getList(EventFields.EVENTS, Document.class, List.of())
			.stream()
			.map(EventFields::fromDocument)
			.toList();
		Number sequence = document.get(EventFields.SEQUENCE, Number.class);
		return new Waiting(collection, document.getString("_id"), (sequence != null) ? sequence.longValue() : events.size(),
				events);
	}

}
