package cloud.ims.core.event;

import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The events recorded in the documents and not yet published, for the relay.
 */
public interface PendingEvents {

	/**
	 * Documents with events waiting, each with its events in the order they were recorded: those this JVM's writes
	 * hinted at, and with {@code sweep} every other one too, found by a query over the collections.
	 */
	Flux<Waiting> waiting(int limit, boolean sweep);

	/** Removes published events from their documents; events recorded since stay. */
	Mono<Void> published(List<Waiting> published);

	/** Keeps documents whose events could not be published to be looked at first in the next round. */
	void notPublished(List<Waiting> waiting);

	/**
	 * The events waiting in one document. {@code lastVersion} is the resource version of the last of them: they are
	 * the resource's most recent events, so the one before has {@code lastVersion - 1}, and so on.
	 */
	record Waiting(String collection, String documentId, long lastVersion, List<PendingEvent> events) {

		public long versionOf(int index) {
			return this.lastVersion - (this.events.size() - 1 - index);
		}

	}

}
