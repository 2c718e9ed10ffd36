package cloud.ims.provisioning;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.image.Images;
import org.springframework.stereotype.Component;

/**
 * The images ECSs are being built from, each read at most once a {@link #FRESHNESS second} by this worker instead of
 * once per ECS: the 500 ECSs of a batch share one image. An image read as active is trusted for that long, so an
 * image deleted meanwhile still serves the builds that start within it, as a build that started just before the
 * deletion does; after that every build reads it again and fails with {@code Ecs.0115}. A lookup that finds no
 * active image is not kept. Concurrent lookups of an image share one read.
 */
@Component
class ActiveImages {

	/** How long an image read as active is trusted. */
	static final Duration FRESHNESS = Duration.ofSeconds(1);

	/** Above this many images, lookups that are no longer fresh are dropped. */
	private static final int PRUNE_ABOVE = 64;

	private static final Duration STORE_TIMEOUT = Duration.ofSeconds(30);

	private final Images images;

	private final Clock clock;

	private final ConcurrentMap<ImageId, Lookup> lookups = new ConcurrentHashMap<>();

	ActiveImages(Images images, Clock clock) {
		this.images = images;
		this.clock = clock;
	}

	/** The image if it is active. */
	Optional<Image> find(ImageId id) {
		Instant now = this.clock.instant();
		Lookup fresh = new Lookup(now, new CompletableFuture<>());
		Lookup lookup = this.lookups.compute(id,
				(key, current) -> (current != null && current.isFreshAt(now)) ? current : fresh);
		if (lookup == fresh) {
			read(id, fresh);
		}
		Optional<Image> image = lookup.await();
		if (image.isEmpty()) {
			this.lookups.remove(id, lookup);
		}
		return image;
	}

	private void read(ImageId id, Lookup lookup) {
		try {
			lookup.image.complete(this.images.find(id).filter(Image::isActive).blockOptional(STORE_TIMEOUT));
		}
		catch (RuntimeException failure) {
			this.lookups.remove(id, lookup);
			lookup.image.completeExceptionally(failure);
		}
		if (this.lookups.size() > PRUNE_ABOVE) {
			Instant now = this.clock.instant();
			this.lookups.values().removeIf((cached) -> !cached.isFreshAt(now));
		}
	}

	/** One read of an image, shared by the builds that start while it is fresh. */
	private record Lookup(Instant readAt, CompletableFuture<Optional<Image>> image) {

		boolean isFreshAt(Instant now) {
			return now.isBefore(this.readAt.plus(FRESHNESS));
		}

		Optional<Image> await() {
			try {
				return this.image.get(2 * STORE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			}
			catch (ExecutionException ex) {
				throw (ex.getCause() instanceof RuntimeException runtime) ? runtime
						: new IllegalStateException("Reading an image failed", ex.getCause());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while an image was read", ex);
			}
			catch (TimeoutException ex) {
				throw new IllegalStateException("An image was not read within " + 2 * STORE_TIMEOUT.toSeconds()
						+ " s", ex);
			}
		}

	}

}
