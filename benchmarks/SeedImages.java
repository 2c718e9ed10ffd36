import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageData;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.image.ImageStatus;
import cloud.ims.core.image.Visibility;
import cloud.ims.core.mongo.MongoImages;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import reactor.core.publisher.Flux;

/**
 * Seeds the image catalogue of a running standalone stack for the benchmarks: inserts {@code count} images
 * straight into its MongoDB-protocol server through the project's own store ({@link MongoImages#insertIfAbsent}),
 * so that the documents have exactly the shape the gateway reads. A capture through the API is a job per image,
 * far too slow for 20,000.
 *
 * <p>Spread: 5% public images; the rest private, over ten projects ({@code demo}, {@code p01}..{@code p09}).
 * Two thirds Linux, one third Windows; names from a small vocabulary plus a number; created over the last year;
 * 2% deleted, 1% queued, the rest active. Deterministic (fixed seed, ids derived from the index).
 *
 * <p>Usage: {@code java -cp <core classpath>:<dir> SeedImages <mongodb uri> <count>}
 */
public final class SeedImages {

	private static final String[] WORDS = { "web", "db", "cache", "batch", "golden", "build", "api", "edge", "ml",
			"queue", "proxy", "auth", "search", "etl", "gateway", "worker" };

	private static final String[] LINUX = { "CentOS 7.9 64bit", "Ubuntu 22.04 server 64bit", "Debian GNU/Linux 12 64bit",
			"EulerOS 2.9 64bit", "openEuler 22.03 64bit" };

	private static final String[] WINDOWS = { "Windows Server 2019 Datacenter 64bit",
			"Windows Server 2022 Datacenter 64bit" };

	public static void main(String[] args) {
		String uri = args[0];
		int count = Integer.parseInt(args[1]);
		Random random = new Random(42);
		Instant now = Instant.now();
		long yearSeconds = Duration.ofDays(365).toSeconds();
		List<Image> images = new java.util.ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			boolean isPublic = i % 20 == 0;
			String owner = isPublic ? "ims-admin" : ((i % 10 == 1) ? "demo" : String.format("p%02d", i % 10));
			boolean linux = random.nextInt(3) != 0;
			String osVersion = linux ? LINUX[random.nextInt(LINUX.length)] : WINDOWS[random.nextInt(WINDOWS.length)];
			int roll = random.nextInt(100);
			ImageStatus status = (roll < 2) ? ImageStatus.DELETED : (roll < 3) ? ImageStatus.QUEUED : ImageStatus.ACTIVE;
			Instant createdAt = now.minusSeconds(60 + (long) (random.nextDouble() * yearSeconds));
			long size = (1L + random.nextInt(40)) << 28;
			ImageData data = (status == ImageStatus.QUEUED) ? null
					: new ImageData("vmdk", size, size * 2, hex(random, 32), hex(random, 64));
			String name = WORDS[random.nextInt(WORDS.length)] + "-" + WORDS[random.nextInt(WORDS.length)] + "-"
					+ String.format("%05d", i);
			ImageId id = new ImageId(UUID.nameUUIDFromBytes(("ims-benchmark-image:" + i).getBytes()).toString());
			images.add(new Image(id, name, status, isPublic ? Visibility.PUBLIC : Visibility.PRIVATE, owner, isPublic,
					(i % 7 == 0) ? List.of("bench", WORDS[i % WORDS.length]) : List.of(), "bare", 40, 0, null, data,
					linux ? "Linux" : "Windows", osVersion, linux ? "Linux" : "Windows", "64", "benchmark image " + i,
					"instance,benchmark", Map.of("hw_firmware_type", "bios"), null, createdAt,
					createdAt.plusSeconds(random.nextInt(3600)), 0));
		}
		long started = System.nanoTime();
		try (MongoClient client = MongoClients.create(uri)) {
			MongoImages store = new MongoImages(client.getDatabase("ims"));
			Long inserted = Flux.fromIterable(images)
				.flatMap(store::insertIfAbsent, 8)
				.count()
				.block(Duration.ofMinutes(10));
			System.out.printf("seeded %d images in %.1f s%n", inserted, (System.nanoTime() - started) / 1e9);
		}
	}

	private static String hex(Random random, int length) {
		StringBuilder hex = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			hex.append(Character.forDigit(random.nextInt(16), 16));
		}
		return hex.toString();
	}

}
