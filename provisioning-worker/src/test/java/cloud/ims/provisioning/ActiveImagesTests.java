package cloud.ims.provisioning;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;

import cloud.ims.core.common.Actor;
import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageData;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.image.ImageQuery;
import cloud.ims.core.image.ImageStatus;
import cloud.ims.core.image.Images;
import cloud.ims.core.image.Visibility;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class ActiveImagesTests {

	private static final Instant T0 = Instant.parse("2020-01-01T00:00:00Z");

	private final StoredImages stored = new StoredImages();

	private final SettableClock clock = new SettableClock();

	private final ActiveImages images = new ActiveImages(this.stored, this.clock);

	private final Image image = image(ImageStatus.ACTIVE);

	@Test
	void readsAnActiveImageOnceWhileItIsFresh() {
		this.stored.put(this.image);

		for (int i = 0; i < 5; i++) {
			assertThat(this.images.find(this.image.id())).contains(this.image);
			this.clock.advance(ActiveImages.FRESHNESS.dividedBy(10));
		}

		assertThat(this.stored.reads.get()).isEqualTo(1);
	}

	@Test
	void noticesADeletedImageOnceTheReadIsNoLongerFresh() {
		this.stored.put(this.image);
		assertThat(this.images.find(this.image.id())).isPresent();

		this.stored.put(this.image.delete(T0).orElseThrow());
		this.clock.advance(ActiveImages.FRESHNESS);

		assertThat(this.images.find(this.image.id())).isEmpty();
		assertThat(this.stored.reads.get()).isEqualTo(2);
	}

	@Test
	void readsAgainForEveryLookupThatFoundNoActiveImage() {
		Image queued = image(ImageStatus.QUEUED);
		this.stored.put(queued);

		assertThat(this.images.find(queued.id())).isEmpty();
		assertThat(this.images.find(queued.id())).isEmpty();
		assertThat(this.images.find(ImageId.newId())).isEmpty();

		assertThat(this.stored.reads.get()).isEqualTo(3);
	}

	@Test
	void failsTheLookupWhoseReadFailedAndReadsAgainNextTime() {
		this.stored.put(this.image);
		this.stored.failNext.set(true);

		assertThatThrownBy(() -> this.images.find(this.image.id())).hasMessageContaining("store unavailable");
		assertThat(this.images.find(this.image.id())).contains(this.image);
		assertThat(this.stored.reads.get()).isEqualTo(2);
	}

	@Test
	void sharesOneReadAmongConcurrentLookups() throws Exception {
		this.stored.put(this.image);
		this.stored.gate = new CountDownLatch(1);
		ExecutorService threads = Executors.newFixedThreadPool(8);
		try {
			List<Future<Optional<Image>>> lookups = IntStream.range(0, 8)
				.mapToObj((i) -> threads.submit(() -> this.images.find(this.image.id())))
				.toList();
			await().until(() -> this.stored.reads.get() == 1);
			this.stored.gate.countDown();
			for (Future<Optional<Image>> lookup : lookups) {
				assertThat(lookup.get(10, TimeUnit.SECONDS)).contains(this.image);
			}
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(this.stored.reads.get()).isEqualTo(1);
	}

	private static Image image(ImageStatus status) {
		return new Image(ImageId.newId(), "ims-base-linux", status, Visibility.PUBLIC, "ims", false, List.of(), "bare",
				1, 0, null, (status == ImageStatus.ACTIVE) ? new ImageData("vmdk", 1, 1, "md5", "sha256") : null,
				"Linux", null, null, "64", null, "upload", Map.of(), null, T0, T0, 0);
	}

	/** The image store port: counts reads, and can hold them at a gate or fail the next one. */
	private static final class StoredImages implements Images {

		private final Map<ImageId, Image> images = new ConcurrentHashMap<>();

		private final AtomicInteger reads = new AtomicInteger();

		private final AtomicBoolean failNext = new AtomicBoolean();

		private volatile CountDownLatch gate = new CountDownLatch(0);

		void put(Image image) {
			this.images.put(image.id(), image);
		}

		@Override
		public Mono<Image> find(ImageId id) {
			return Mono.defer(() -> {
				this.reads.incrementAndGet();
				if (this.failNext.getAndSet(false)) {
					return Mono.error(new IllegalStateException("store unavailable"));
				}
				try {
					this.gate.await(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return Mono.justOrEmpty(this.images.get(id));
			});
		}

		@Override
		public Mono<Image> insertIfAbsent(Image image, Actor actor) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Flux<Image> list(ImageQuery query) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Mono<Image> update(ImageId id, Function<Image, Optional<Image>> change, Actor actor) {
			throw new UnsupportedOperationException();
		}

	}

	private static final class SettableClock extends Clock {

		private volatile Instant now = T0;

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
