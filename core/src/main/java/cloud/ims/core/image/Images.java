package cloud.ims.core.image;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Every image, public and private. Each change is one atomic compare-and-set on the image's version.
 */
public interface Images {

	/** Inserts the image unless one with its id exists; answers the stored one either way. */
	Mono<Image> insertIfAbsent(Image image);

	Mono<Image> find(ImageId id);

	/** The image if that project may see it (public, or its own); empty otherwise. */
	default Mono<Image> findVisible(ImageId id, String projectId) {
		return find(id).filter((image) -> image.isVisibleTo(projectId) && image.status() != ImageStatus.DELETED);
	}

	/** The images the project may see, in id order after {@code query.marker()}. */
	Flux<Image> list(ImageQuery query);

	Mono<Image> update(ImageId id, Function<Image, Optional<Image>> change);

	/**
	 * Like {@link #update}, answering the changed image only when this call made the change (empty for a replay),
	 * so that its consequences (a released quota, an event) happen once.
	 */
	default Mono<Image> transition(ImageId id, Function<Image, Optional<Image>> change) {
		AtomicBoolean changed = new AtomicBoolean();
		return update(id, (current) -> {
			Optional<Image> next = change.apply(current);
			changed.set(next.isPresent());
			return next;
		}).filter((image) -> changed.get());
	}

}
