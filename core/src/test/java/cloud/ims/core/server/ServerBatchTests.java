package cloud.ims.core.server;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.image.ImageStatus;
import cloud.ims.core.image.Visibility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ServerBatchTests {

	private static final BatchLimits LIMITS = new BatchLimits(500, 1024);

	private static final Flavor SMALL = new Flavor("s6.small.1", "s6.small.1", 1, 1024, 40);

	static Stream<Arguments> acceptedBatches() {
		return Stream.of(
				arguments("one ECS keeps its name", aRequest(), List.of("vm"), BatchPolicy.bestEffort()),
				arguments("a batch numbers its names", aRequest().count(3), List.of("vm-0001", "vm-0002", "vm-0003"),
						BatchPolicy.bestEffort()),
				arguments("isAutoRename numbers even one name", aRequest().autoRename(), List.of("vm-0001"),
						BatchPolicy.bestEffort()),
				arguments("a 64-character name alone", aRequest().name("n".repeat(64)), List.of("n".repeat(64)),
						BatchPolicy.bestEffort()),
				arguments("a 59-character name with its suffix", aRequest().name("n".repeat(59)).count(2),
						List.of("n".repeat(59) + "-0001", "n".repeat(59) + "-0002"), BatchPolicy.bestEffort()),
				arguments("the largest batch", aRequest().count(500).name("b"), names("b", 500), BatchPolicy.bestEffort()),
				arguments("an 85-character description", aRequest().description("d".repeat(85)), List.of("vm"),
						BatchPolicy.bestEffort()),
				arguments("best effort asked for", aRequest().count(2).mode("best_effort"), List.of("vm-0001", "vm-0002"),
						BatchPolicy.bestEffort()),
				arguments("all or nothing needs every ECS by default", aRequest().count(3).mode("all_or_nothing"),
						names("vm", 3), new BatchPolicy(BatchPolicy.Mode.ALL_OR_NOTHING, 3)),
				arguments("all or nothing with a minimum", aRequest().count(3).mode("all_or_nothing").minCount(2),
						names("vm", 3), new BatchPolicy(BatchPolicy.Mode.ALL_OR_NOTHING, 2)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("acceptedBatches")
	void acceptsABatchThatKeepsEveryRule(String batch, Request request, List<String> names, BatchPolicy policy) {
		ServerBatch accepted = ServerBatch.of(request.requested(), LIMITS);

		assertThat(accepted.names()).isEqualTo(names);
		assertThat(accepted.policy()).isEqualTo(policy);
		assertThat(accepted.imageRef()).isEqualTo(request.imageRef);
		assertThat(accepted.flavorRef()).isEqualTo(request.flavorRef);
		assertThat(accepted.description()).isEqualTo(request.description);
	}

	static Stream<Arguments> refusedBatches() {
		return Stream.of(
				arguments("no image", aRequest().imageRef(null), "Missing server.imageRef. Add it to the request body."),
				arguments("a blank flavor", aRequest().flavorRef(" "),
						"Missing server.flavorRef. Add it to the request body."),
				arguments("no ECS", aRequest().count(0),
						"server.count=0 is out of range; request 1 to 500 ECSs at a time."),
				arguments("more ECSs than the limit", aRequest().count(501),
						"server.count=501 is out of range; request 1 to 500 ECSs at a time."),
				arguments("no name", aRequest().name(null), "Missing server.name. Add it to the request body."),
				arguments("a name with a space", aRequest().name("bad name!"),
						"Invalid server name 'bad name!': use 1 to 64 letters, digits, '-', '_' or '.'."),
				arguments("a 65-character name", aRequest().name("n".repeat(65)),
						"Invalid server name '" + "n".repeat(65) + "': use 1 to 64 letters, digits, '-', '_' or '.'."),
				arguments("a name with no room for its suffix", aRequest().name("n".repeat(60)).count(2),
						"Invalid server name '" + "n".repeat(60)
								+ "': use 1 to 59 letters, digits, '-', '_' or '.' (a suffix such as -0001 is added)."),
				arguments("an 86-character description", aRequest().description("d".repeat(86)),
						"server.description is longer than 85 characters; shorten it."),
				arguments("min_count without a mode", aRequest().count(2).minCount(1),
						"batch_policy.min_count needs batch_policy.mode all_or_nothing."),
				arguments("min_count with best effort", aRequest().count(2).mode("best_effort").minCount(1),
						"batch_policy.min_count applies only to mode all_or_nothing."),
				arguments("min_count above the count", aRequest().count(2).mode("all_or_nothing").minCount(3),
						"batch_policy.min_count=3 is out of range; use 1 to server.count (2)."),
				arguments("min_count of none", aRequest().count(2).mode("all_or_nothing").minCount(0),
						"batch_policy.min_count=0 is out of range; use 1 to server.count (2)."),
				arguments("an unknown mode", aRequest().count(2).mode("most"),
						"batch_policy.mode 'most' is invalid; use best_effort or all_or_nothing."));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("refusedBatches")
	void refusesABatchThatBreaksARule(String batch, Request request, String message) {
		assertThatThrownBy(() -> ServerBatch.of(request.requested(), LIMITS)).isInstanceOfSatisfying(ImsException.class,
				(refused) -> {
					assertThat(refused.kind()).isEqualTo(Kind.INVALID);
					assertThat(refused.code()).isEqualTo("Ecs.0005");
					assertThat(refused.getMessage()).isEqualTo(message);
				});
	}

	@Test
	void appliesTheLimitsItIsGiven() {
		BatchLimits tight = new BatchLimits(2, 50);

		assertThatThrownBy(() -> ServerBatch.of(aRequest().count(3).requested(), tight))
			.hasMessage("server.count=3 is out of range; request 1 to 2 ECSs at a time.");
		assertThatThrownBy(() -> ServerBatch.of(aRequest().rootVolumeGb(60).requested(), tight).rootVolumeGb(
				anImageNeeding(10), SMALL))
			.hasMessageEndingWith("needs at least 10 GB and the limit is 50 GB.");
	}

	static Stream<Arguments> acceptedRootVolumes() {
		return Stream.of(arguments("the flavor's disk when the image needs less", null, 20, 40),
				arguments("the image's minimum when the flavor's disk is smaller", null, 60, 60),
				arguments("the size asked for", 100, 60, 100), arguments("exactly the image's minimum", 60, 60, 60),
				arguments("exactly the limit", 1024, 60, 1024));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("acceptedRootVolumes")
	void sizesTheSystemDisk(String volume, Integer requested, int imageMinDisk, int expected) {
		ServerBatch batch = ServerBatch.of(aRequest().rootVolumeGb(requested).requested(), LIMITS);

		assertThat(batch.rootVolumeGb(anImageNeeding(imageMinDisk), SMALL)).isEqualTo(expected);
	}

	@Test
	void sizesTheSystemDiskAtLeastOneGigabyte() {
		Flavor diskless = new Flavor("d", "d", 1, 1024, 0);

		assertThat(ServerBatch.of(aRequest().requested(), LIMITS).rootVolumeGb(anImageNeeding(0), diskless)).isEqualTo(1);
	}

	static Stream<Arguments> refusedRootVolumes() {
		return Stream.of(arguments("below the image's minimum", 20, 40, "needs at least 40 GB"),
				arguments("below one GB", 0, 0, "needs at least 1 GB"),
				arguments("above the limit", 1025, 40, "needs at least 40 GB"),
				arguments("an image that needs more than the limit", null, 2000, "needs at least 2000 GB"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("refusedRootVolumes")
	void refusesASystemDiskOutOfRange(String volume, Integer requested, int imageMinDisk, String needs) {
		Image image = anImageNeeding(imageMinDisk);
		ServerBatch batch = ServerBatch.of(aRequest().rootVolumeGb(requested).requested(), LIMITS);
		int size = (requested != null) ? requested : imageMinDisk;

		assertThatThrownBy(() -> batch.rootVolumeGb(image, SMALL)).isInstanceOfSatisfying(ImsException.class,
				(refused) -> {
					assertThat(refused.code()).isEqualTo("Ecs.0005");
					assertThat(refused.getMessage()).isEqualTo("server.root_volume.size=" + size
							+ " GB is out of range: image " + image.id().value() + " " + needs
							+ " and the limit is 1024 GB.");
				});
	}

	@Test
	void keepsNoMetadataAsEmpty() {
		assertThat(ServerBatch.of(aRequest().requested(), LIMITS).metadata()).isEmpty();
		assertThat(ServerBatch.of(aRequest().metadata(Map.of("k", "v")).requested(), LIMITS).metadata())
			.containsExactly(Map.entry("k", "v"));
	}

	private static List<String> names(String name, int count) {
		return IntStream.rangeClosed(1, count).mapToObj((index) -> name + String.format("-%04d", index)).toList();
	}

	private static Image anImageNeeding(int minDisk) {
		Instant now = Instant.parse("2025-01-01T00:00:00Z");
		return new Image(ImageId.newId(), "img", ImageStatus.ACTIVE, Visibility.PUBLIC, "owner", false, List.of(), "bare",
				minDisk, 0, null, null, "Linux", null, null, "64", null, "upload", Map.of(), null, now, now, 0);
	}

	private static Request aRequest() {
		return new Request();
	}

	/** A valid request for one ECS, changed field by field into the case under test. */
	static final class Request {

		String imageRef = ImageId.newId().value();

		String flavorRef = "s6.small.1";

		String name = "vm";

		Integer count;

		boolean autoRename;

		Integer rootVolumeGb;

		Map<String, String> metadata;

		String description;

		String mode;

		Integer minCount;

		Request imageRef(String imageRef) {
			this.imageRef = imageRef;
			return this;
		}

		Request flavorRef(String flavorRef) {
			this.flavorRef = flavorRef;
			return this;
		}

		Request name(String name) {
			this.name = name;
			return this;
		}

		Request count(int count) {
			this.count = count;
			return this;
		}

		Request autoRename() {
			this.autoRename = true;
			return this;
		}

		Request rootVolumeGb(Integer rootVolumeGb) {
			this.rootVolumeGb = rootVolumeGb;
			return this;
		}

		Request metadata(Map<String, String> metadata) {
			this.metadata = metadata;
			return this;
		}

		Request description(String description) {
			this.description = description;
			return this;
		}

		Request mode(String mode) {
			this.mode = mode;
			return this;
		}

		Request minCount(int minCount) {
			this.minCount = minCount;
			return this;
		}

		ServerBatch.Requested requested() {
			return new ServerBatch.Requested(this.imageRef, this.flavorRef, this.name, this.count, this.autoRename,
					this.rootVolumeGb, this.metadata, this.description, this.mode, this.minCount);
		}

		@Override
		public String toString() {
			return requested().toString();
		}

	}

}
