package cloud.ims.imageworker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import cloud.ims.core.common.Actor;
import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageData;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.image.ImageStatus;
import cloud.ims.core.image.Images;
import cloud.ims.core.image.Visibility;
import cloud.ims.core.qemu.QemuImg;
import cloud.ims.core.store.Digests;
import cloud.ims.core.store.ImageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Makes sure the configured public images exist on start-up: each a real disk made with qemu-img and stored in
 * the platform format. Ids derive from the names, so that every replica seeds the same images and a restart
 * seeds nothing twice.
 */
@Component
class PublicImageSeeder implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(PublicImageSeeder.class);

	private static final Duration STORE_TIMEOUT = Duration.ofSeconds(30);

	/** The user IMS names as the actor of the images it seeds. */
	static final String SEEDER = "ims-seeder";

	private final PublicImageSettings settings;

	private final Images images;

	private final ImageStore store;

	private final QemuImg qemuImg;


	private final Clock clock;

	PublicImageSeeder(PublicImageSettings settings, Images images, ImageStore store, QemuImg qemuImg,
			Clock clock) {
		this.settings = settings;
		this.images = images;
		this.store = store;
		this.qemuImg = qemuImg;
		this.clock = clock;
	}

	@Override
	public void run(ApplicationArguments args) throws IOException {
		if (!this.settings.enabled() || this.settings.publicImages() == null) {
			return;
		}
		for (PublicImageSettings.SeedImage seed : this.settings.publicImages()) {
			if (seed.name() == null || seed.name().isBlank()) {
				throw new IllegalStateException("Every entry of ims.seed.public-images needs a name");
			}
			ImageId id = idOf(seed.name());
			Image existing = this.images.find(id).block(STORE_TIMEOUT);
			if (existing == null || (existing.isActive() && this.store.find(id.value()).isEmpty())) {
				seed(id, seed, existing);
			}
		}
	}

	static ImageId idOf(String name) {
		return new ImageId(UUID.nameUUIDFromBytes(("ims-public-image:" + name).getBytes(StandardCharsets.UTF_8)).toString());
	}

	private void seed(ImageId id, PublicImageSettings.SeedImage seed, Image existing) throws IOException {
		Path blank = this.store.newWorkFile(seed.name() + ".qcow2");
		Path converted = this.store.newWorkFile(seed.name() + "." + PlatformFormat.DISK_FORMAT);
		try {
			this.qemuImg.create(blank, "qcow2", seed.virtualSize().toBytes());
			this.qemuImg.convert(blank, "qcow2", converted, PlatformFormat.DISK_FORMAT, PlatformFormat.DISK_OPTIONS);
			Digests digests = this.store.digest(converted);
			this.store.put(id.value(), converted);
			if (existing == null) {
				Instant now = this.clock.instant();
				ImageData data = new ImageData(PlatformFormat.DISK_FORMAT, digests.size(), seed.virtualSize().toBytes(),
						digests.md5Hex(), digests.sha256Hex());
				this.images.insertIfAbsent(new Image(id, seed.name(), ImageStatus.ACTIVE,
						Visibility.PUBLIC, this.settings.owner(), true, List.of(), "bare", seed.minDisk(), 0, null, data,
						seed.osType(), seed.osVersion(), seed.platform(), seed.osBit(), seed.description(), "file,seed",
						Map.of(), null, now, now, 0), new Actor(this.settings.owner(), SEEDER, id.value())).block(STORE_TIMEOUT);
			}
			log.info("Public image {} ({}) is ready", seed.name(), id);
		}
		finally {
			this.store.discard(blank);
			this.store.discard(converted);
		}
	}

}
