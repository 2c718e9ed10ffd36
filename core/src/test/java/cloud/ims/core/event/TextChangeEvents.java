package cloud.ims.core.event;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

import cloud.ims.core.common.Actor;
import cloud.ims.core.image.Image;
import cloud.ims.core.job.Job;
import cloud.ims.core.server.Server;
import org.jspecify.annotations.Nullable;

/**
 * Events as readable text ({@code server <id> BUILD by <user>}), for tests of the stores; a job's event is left out
 * when its status and finished sub-jobs did not change, as the real encoding leaves out what subscribers cannot see.
 */
public final class TextChangeEvents implements ChangeEvents {

	@Override
	public PendingEvent server(@Nullable Server before, Server after, Actor actor) {
		return event("servers", after.id().value(), after.status() + " by " + actor.userId());
	}

	@Override
	public PendingEvent image(@Nullable Image before, Image after, Actor actor) {
		return event("images", after.id().value(), after.status() + " " + after.name() + " by " + actor.userId());
	}

	@Override
	public Optional<PendingEvent> job(@Nullable Job before, Job after) {
		if (before != null && before.status() == after.status()
				&& before.finishedSubJobs() == after.finishedSubJobs()) {
			return Optional.empty();
		}
		return Optional.of(event("jobs", after.id().value(),
				after.status() + " " + after.finishedSubJobs() + "/" + after.subJobs().size()));
	}

	public static String text(PendingEvent event) {
		return new String(event.payload(), StandardCharsets.UTF_8);
	}

	private static PendingEvent event(String topic, String key, String text) {
		return new PendingEvent(UUID.randomUUID().toString(), topic, key, text.getBytes(StandardCharsets.UTF_8));
	}

}
