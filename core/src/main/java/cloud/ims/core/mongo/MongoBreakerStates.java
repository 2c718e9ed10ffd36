package cloud.ims.core.mongo;

import cloud.ims.core.compute.DriverStatus;
import cloud.ims.core.operations.BreakerState;
import cloud.ims.core.operations.BreakerStates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Breaker states in the {@code operations_state} collection, one document per breaker and worker instance
 * ({@code _id: "breaker:<instance>"}), replaced whole: the last word of an instance is all that matters. The
 * instance's VMware Service is a {@code driver} sub-document.
 */
public final class MongoBreakerStates implements BreakerStates {

	static final String COLLECTION = "operations_state";

	private static final String PREFIX = "breaker:";

	private final MongoCollection<Document> states;

	public MongoBreakerStates(MongoDatabase database) {
		this.states = database.getCollection(COLLECTION);
	}

	@Override
	public Mono<Void> record(BreakerState state) {
		Document document = new Document("_id", PREFIX + state.instance()).append("name", state.name())
			.append("instance", state.instance())
			.append("state", state.state())
			.append("since", BsonValues.date(state.since()))
			.append("updated_at", BsonValues.date(state.updatedAt()));
		DriverStatus driver = state.driver();
		if (driver != null) {
			document.append("driver",
					new Document("type", driver.type()).append("endpoint", driver.endpoint())
						.append("reachable", driver.reachable())
						.append("detail", driver.detail()));
		}
		return Mono.from(this.states.replaceOne(Filters.eq("_id", document.getString("_id")), document,
				new ReplaceOptions().upsert(true))).then();
	}

	@Override
	public Flux<BreakerState> all() {
		return Flux.from(this.states.find(Filters.regex("_id", "^" + PREFIX)))
			.map((document) -> new BreakerState(document.getString("name"), document.getString("instance"),
					document.getString("state"), BsonValues.requiredInstant(document, "since"),
					BsonValues.requiredInstant(document, "updated_at"), driver(document.get("driver", Document.class))));
	}

	private static @Nullable DriverStatus driver(@Nullable Document driver) {
		if (driver == null) {
			return null;
		}
		return new DriverStatus(driver.get("type", ""), driver.get("endpoint", ""),
				driver.get("reachable", false), driver.get("detail", ""));
	}

}
