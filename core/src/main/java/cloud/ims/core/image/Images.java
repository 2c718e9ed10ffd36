package cloud.ims.core.image;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import cloud.ims.core.common.Actor;
import cloud.ims.core.common.Changed;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Every image, public and private. Each change is one atomic compare-and-set on the image's version that records, in
 * the same write, the event reporting it on behalf of the actor.
 */
public interface Images {

	/** Inserts the image unless one with its id exists; answers the stored one either way. */
	Mono<Image> insertIfAbsent(Image image, Actor actor);

	Mono<Image> find(ImageId id);

	/** The image if that project may see it (public, or its own); empty otherwise. */
	default Mono<Image> findVisible(ImageId id, String projectId) {
		return find(id).filter((image) -> image.isVisibleTo(projectId) && image.status() != ImageStatus.DELETED);
	}

	/**
	 * The image if that project may look at it: visible to it, or shared with it whatever it answered; empty
	 * otherwise.
	 */
	default Mono<Image> findShown(ImageId id, String projectId) {
		return find(id).filter((image) -> image.isShownTo(projectId) && image.status() != ImageStatus.DELETED);
	}

	/** The images the project may see, in id order after {@code query.marker()}. */
	Flux<Image> list(ImageQuery query);

	Mono<Image> update(ImageId id, Function<Image, Optional<Image>> change, Actor actor);

	/**
	 * Like {@link #update}, answering the transition only when this call made it (empty for a replay), so that its
	 * consequences (a released quota) happen once and can depend on the state it came from.
	 */
	default Mono<Changed<Image>> transition(ImageId id, Function<Image, Optional<Image>> change, Actor actor) {
		AtomicReference<Image> changedFrom = new AtomicReference<>();
		return update(id, (current) -> {
			Optional<Image> next = change.apply(current);
			changedFrom.set(next.isPresent() ? current : null);
			return next;
		}, actor).filter((image) -> changedFrom.get() != null).map((image) -> new Changed<>(changedFrom.get(), image));
	}

}
