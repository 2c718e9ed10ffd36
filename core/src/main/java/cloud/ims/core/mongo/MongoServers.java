package cloud.ims.core.mongo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import cloud.ims.core.common.Actor;
import cloud.ims.core.common.ImsException;
import cloud.ims.core.event.ChangeEvents;
import cloud.ims.core.event.WaitingEventHints;
import cloud.ims.core.server.Server;
import cloud.ims.core.server.ServerId;
import cloud.ims.core.server.ServerQuery;
import cloud.ims.core.server.ServerStatus;
import cloud.ims.core.server.Servers;
import cloud.ims.core.common.ImsException.Kind;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.FindPublisher;
import com.mongodb.reactivestreams.client.MongoDatabase;
import org.bson.Document;
import org.bson.conversions.Bson;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * ECSs in the {@code servers} collection.
 */
public final class MongoServers implements Servers {

	static final String COLLECTION = "servers";

	private static final int IDS_PER_QUERY = 1000;

	private final ServerMapper mapper = new ServerMapper();

	private final VersionedCollection<Server> servers;

	private final ChangeEvents events;

	public MongoServers(MongoDatabase database, ChangeEvents events) {
		this.servers = new VersionedCollection<>(database.getCollection(COLLECTION), this.mapper);
		this.events = events;
	}

	@Override
	public Mono<Server> insertIfAbsent(Server server, Actor actor) {
		return this.servers.insertIfAbsent(server, eventOf(actor));
	}

	@Override
	public Mono<Void> insertAll(List<Server> batch, Actor actor) {
		if (batch.isEmpty()) {
			return Mono.empty();
		}
		return Mono.from(this.servers.collection()
			.insertMany(batch.stream().map((server) -> this.mapper.toDocument(server)
				.append(EventFields.EVENTS, List.of(EventFields.toDocument(this.events.server(null, server, actor))))
				.append(EventFields.SEQUENCE, 1L)).toList(), new InsertManyOptions().ordered(false)))
			.doOnNext((inserted) -> WaitingEventHints.note(COLLECTION,
					batch.stream().map((server) -> server.id().value()).toList()))
			.then()
			.onErrorResume(MongoBulkWriteException.class, (partly) -> partly.getWriteErrors().stream()
				.allMatch((error) -> error.getCategory() == ErrorCategory.DUPLICATE_KEY) ? Mono.empty() : Mono.error(partly));
	}

	@Override
	public Mono<Server> find(ServerId id) {
		return this.servers.find(id.value());
	}

	/** In chunks, so that no query document nears MongoDB's 16 MiB limit however many ids there are. */
	@Override
	public Flux<Server> findAll(Collection<ServerId> ids) {
		List<String> values = ids.stream().map(ServerId::value).distinct().toList();
		return Flux.range(0, (values.size() + IDS_PER_QUERY - 1) / IDS_PER_QUERY)
			.concatMap((chunk) -> this.servers.collection()
				.find(Filters.in("_id", values.subList(chunk * IDS_PER_QUERY,
						Math.min(values.size(), (chunk + 1) * IDS_PER_QUERY)))))
			.map(this.mapper::fromDocument);
	}

	@Override
	public Flux<Server> list(ServerQuery query) {
		Mono<Optional<Server>> marker = (query.marker() != null)
				? find(query.marker()).map(Optional::of)
					.switchIfEmpty(Mono.error(() -> new ImsException(Kind.INVALID, "IMS.0400", "marker=" + query.marker()
							+ " is not an ECS of this list. Use the id of the last ECS of a page.")))
				: Mono.just(Optional.empty());
		return marker.flatMapMany((after) -> {
			List<Bson> filters = filters(query);
			after.ifPresent((server) -> {
				Object created = BsonValues.date(server.created());
				filters.add(Filters.or(Filters.gt("created", created),
						Filters.and(Filters.eq("created", created), Filters.gt("_id", server.id().value()))));
			});
			FindPublisher<Document> page = this.servers.collection()
				.find(Filters.and(filters))
				.sort(Sorts.ascending("created", "_id"))
				.skip(query.offset())
				.limit(query.limit());
			return Flux.from(page).map(this.mapper::fromDocument);
		});
	}

	@Override
	public Mono<Long> count(ServerQuery query) {
		return Mono.from(this.servers.collection().countDocuments(Filters.and(filters(query))));
	}

	@Override
	public Mono<Server> update(ServerId id, Function<Server, Optional<Server>> change, Actor actor) {
		return this.servers.update(id.value(), change, eventOf(actor));
	}

	@Override
	public Mono<Server> update(Server known, Function<Server, Optional<Server>> change, Actor actor) {
		return this.servers.update(known, change, eventOf(actor));
	}

	private VersionedCollection.EventOf<Server> eventOf(Actor actor) {
		return (before, after) -> Optional.of(this.events.server(before, after, actor));
	}

	private static List<Bson> filters(ServerQuery query) {
		List<Bson> filters = new ArrayList<>();
		filters.add(Filters.eq("projectId", query.projectId()));
		filters.add(Filters.ne("status", ServerStatus.DELETED.name()));
		if (query.nameContains() != null) {
			filters.add(Filters.regex("name", Pattern.quote(query.nameContains())));
		}
		if (query.status() != null) {
			filters.add(Filters.eq("status", query.status().name()));
		}
		if (query.imageId() != null) {
			filters.add(Filters.eq("imageId", query.imageId()));
		}
		if (query.flavorId() != null) {
			filters.add(Filters.eq("flavor.id", query.flavorId()));
		}
		if (query.ids() != null) {
			filters.add(Filters.in("_id", query.ids()));
		}
		if (query.matchesNothing()) {
			filters.add(Filters.in("_id", List.of()));
		}
		return filters;
	}

}
