package cloud.ims.core.event;

import java.util.Optional;

import cloud.ims.core.common.Actor;
import cloud.ims.core.image.Image;
import cloud.ims.core.job.Job;
import cloud.ims.core.server.Server;
import org.jspecify.annotations.Nullable;

/**
 * The events that report stored changes, made by the stores inside the write of each change, so that there is no
 * change without its event and no event without its change. {@code before} is null for a creation.
 */
public interface ChangeEvents {

	PendingEvent server(@Nullable Server before, Server after, Actor actor);

	PendingEvent image(@Nullable Image before, Image after, Actor actor);

	/** The job's event, or empty when nothing a subscriber sees changed (a command marked sent, a resume). */
	Optional<PendingEvent> job(@Nullable Job before, Job after);

}
