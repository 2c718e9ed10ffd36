package cloud.ims.messaging.ops;

import java.util.List;

/**
 * The dead-letter topics, read without joining a consumer group, so that looking never moves anybody's offsets.
 */
public interface DeadLetterTopics {

	/** The newest dead letters of these topics, newest first, at most {@code limit}; blocks while it reads. */
	List<DeadLetter> newest(List<String> topics, int limit);

}
