package cloud.ims.core.event;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The documents of this JVM's writes that recorded events, so that the relay can read those by id instead of looking
 * through whole collections for waiting events: a query MongoDB answers from its sparse index, but the embedded
 * MongoDB-protocol server of the standalone stack (no secondary indexes) answers by reading every document. A hint is
 * only a shortcut: a hint lost (a crash, another process's write, an overflow) leaves its events to the relay's
 * sweep, which still finds every waiting event. JVM-wide on purpose: the standalone stack runs the gateway and both
 * workers as separate application contexts in one JVM, and whichever of them holds the relay's lease drains them.
 */
public final class WaitingEventHints {

	/** Beyond this many, hints are dropped: the sweep finds those events, and memory stays bounded. */
	static final int MAX_HINTS = 100_000;

	private static final Map<String, Set<String>> hints = new HashMap<>();

	private static int count;

	private WaitingEventHints() {
	}

	/** Notes that a document of the collection recorded an event. */
	public static synchronized void note(String collection, String documentId) {
		if (count >= MAX_HINTS) {
			return;
		}
		if (hints.computeIfAbsent(collection, (key) -> new LinkedHashSet<>()).add(documentId)) {
			count++;
		}
	}

	public static void note(String collection, List<String> documentIds) {
		documentIds.forEach((id) -> note(collection, id));
	}

	/** Takes every hint noted so far. */
	public static synchronized Map<String, Set<String>> drain() {
		Map<String, Set<String>> drained = new HashMap<>();
		hints.forEach((collection, ids) -> drained.put(collection, new LinkedHashSet<>(ids)));
		hints.clear();
		count = 0;
		return drained;
	}

}
