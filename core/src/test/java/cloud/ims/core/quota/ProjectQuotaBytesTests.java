package cloud.ims.core.quota;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import cloud.ims.core.common.Changed;
import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageData;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.image.ImageStatus;
import cloud.ims.core.image.StagedData;
import cloud.ims.core.image.Visibility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ProjectQuotaBytesTests {

	private static final long DEFAULT_LIMIT = 1000;

	private static final Instant NOW = Instant.parse("2026-12-07T00:00:00Z");

	static Stream<Arguments> reservations() {
		return Stream.of(
				// scenario, limit set by an admin, used before, needed, wanted, used after (null: refused)
				arguments("fits with room to reserve the whole step", null, 100L, 50L, 200L, 300L),
				arguments("fits, the step cut to what is left", null, 900L, 50L, 200L, 1000L),
				arguments("fits exactly", null, 900L, 100L, 100L, 1000L),
				arguments("one byte over the default limit", null, 900L, 101L, 101L, null),
				arguments("nothing left", null, 1000L, 1L, 64L, null),
				arguments("the admin's limit, not the default", 5000L, 1000L, 3000L, 3000L, 4000L),
				arguments("the admin's limit refuses below the default", 10L, 0L, 11L, 11L, null),
				arguments("a limit of 0 refuses every byte", 0L, 0L, 1L, 1L, null),
				arguments("nothing needed reserves the step where it fits", null, 0L, 0L, 64L, 64L),
				arguments("an admin lowered the limit below the usage", 10L, 500L, 1L, 1L, null));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("reservations")
	void reservesBytesOnlyWhereTheyFit(String scenario, Long limit, long usedBefore, long needed, long wanted,
			Long usedAfter) {
		ProjectQuota quota = quota(limit, usedBefore);

		if (usedAfter == null) {
			assertThatThrownBy(() -> quota.reserveBytes(needed, wanted, DEFAULT_LIMIT))
				.isInstanceOfSatisfying(ImsException.class, (refused) -> {
					assertThat(refused.kind()).isEqualTo(Kind.QUOTA);
					assertThat(refused.code()).isEqualTo("IMG.0432");
					assertThat(refused.getMessage()).contains("has used " + usedBefore + " of its quota of "
							+ ((limit != null) ? limit : DEFAULT_LIMIT) + " bytes")
						.contains("Delete images or exports you no longer need")
						.contains("ask an admin");
				});
		}
		else {
			ProjectQuota after = quota.reserveBytes(needed, wanted, DEFAULT_LIMIT);
			assertThat(after.imageBytesUsed()).isEqualTo(usedAfter);
			assertThat(after.imagesUsed()).as("the image count is another quota").isEqualTo(quota.imagesUsed());
		}
	}

	static Stream<Arguments> admissions() {
		return Stream.of(arguments("fits", 900L, 100L, true), arguments("does not fit", 900L, 101L, false),
				arguments("unknown size with room left", 999L, 0L, true),
				arguments("unknown size with nothing left", 1000L, 0L, false));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("admissions")
	void admitsWorkOnlyWhenItsBytesFitAndReservesNothing(String scenario, long used, long bytes, boolean admitted) {
		ProjectQuota quota = quota(null, used);

		if (admitted) {
			quota.admitBytes(bytes, DEFAULT_LIMIT);
		}
		else {
			assertThatThrownBy(() -> quota.admitBytes(bytes, DEFAULT_LIMIT)).isInstanceOfSatisfying(ImsException.class,
					(refused) -> assertThat(refused.code()).isEqualTo("IMG.0432"));
		}
		assertThat(quota.imageBytesUsed()).isEqualTo(used);
	}

	@Test
	void settlesBeyondTheLimitWhatIsStoredAlready() {
		ProjectQuota quota = quota(null, 990);

		assertThat(quota.adjustBytes(+30).orElseThrow().imageBytesUsed()).isEqualTo(1020);
		assertThat(quota.adjustBytes(-30).orElseThrow().imageBytesUsed()).isEqualTo(960);
		assertThat(quota.adjustBytes(0)).as("nothing to write").isEmpty();
	}

	@Test
	void neverReleasesBelowZero() {
		ProjectQuota quota = quota(null, 100);

		assertThat(quota.adjustBytes(-500).orElseThrow().imageBytesUsed()).isZero();
		assertThat(quota.releaseImage(500).orElseThrow().imageBytesUsed()).isZero();
		assertThat(quota(null, 0).adjustBytes(-1)).as("a repeated release").isEmpty();
		assertThatThrownBy(() -> quota.releaseImage(-1)).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void releasesTheImageUnitAndItsBytesInOneChange() {
		ProjectQuota quota = new ProjectQuota("p1", null, 2, ComputeLimits.DEFAULTS, ComputeUsage.NONE, null, 300, 4);

		ProjectQuota released = quota.releaseImage(200).orElseThrow();

		assertThat(released.imagesUsed()).isEqualTo(1);
		assertThat(released.imageBytesUsed()).isEqualTo(100);
		assertThat(released.version()).isEqualTo(4);
	}

	@Test
	void keepsTheRecordedBytesWhenTheMeasureCannotSayAndCorrectsThemOtherwise() {
		ProjectQuota quota = quota(null, 300);

		assertThat(quota.reconciled(new QuotaUsage(0, ComputeUsage.NONE))).as("bytes held by running jobs").isEmpty();
		assertThat(quota.reconciled(new QuotaUsage(0, ComputeUsage.NONE, 120L)).orElseThrow().imageBytesUsed())
			.isEqualTo(120);
	}

	@Test
	void refusesNegativeUsageAndLimits() {
		assertThatThrownBy(() -> quota(null, -1)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> quota(-1L, 0)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> quota(null, 0).reserveBytes(10, 5, DEFAULT_LIMIT))
			.isInstanceOf(IllegalArgumentException.class);
	}

	static Stream<Arguments> imageChanges() {
		Image queued = queued();
		Image staged = queued.startStaging("stage", NOW)
			.flatMap((receiving) -> receiving.finishStaging("stage", new StagedData("f", 70, "s", "m"), NOW))
			.orElseThrow();
		Image importing = staged.importStaged("import", NOW).orElseThrow();
		Image active = importing.activate(new ImageData("vmdk", 90, 1024, "m", "s"), NOW).orElseThrow();
		Image saving = queued.assignJob("job", NOW).flatMap((assigned) -> assigned.startSaving(NOW)).orElseThrow();
		Image downloaded = saving.activate(new ImageData("vmdk", 90, 1024, "m", "s"), NOW).orElseThrow();
		return Stream.of(
				// scenario, before, after, held by the job, bytes moved
				arguments("a stage recorded in the image takes over the gateway's reservation", queued, staged, 70L, 0L),
				arguments("a staged import stored larger", importing, active, 0L, 20L),
				arguments("a download settled to the stored size", saving, downloaded, 100L, -10L),
				arguments("a download killed gives back what its job held", saving, saving.kill(NOW).orElseThrow(), 40L,
						-40L),
				arguments("a staged image deleted gives back its staged bytes", staged, staged.delete(NOW).orElseThrow(),
						0L, -70L),
				arguments("an active image deleted gives back its data's bytes", active, active.delete(NOW).orElseThrow(),
						0L, -90L),
				arguments("a deleted image deleted again moves nothing", active.delete(NOW).orElseThrow(),
						active.delete(NOW).orElseThrow(), 0L, 0L));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("imageChanges")
	void movesTheBytesAnImageChangeMoves(String scenario, Image before, Image after, long heldByJob, long moved) {
		assertThat(ImageBytes.change(new Changed<>(before, after), heldByJob)).isEqualTo(moved);
	}

	private static ProjectQuota quota(Long limit, long used) {
		return new ProjectQuota("p1", null, 0, ComputeLimits.DEFAULTS, ComputeUsage.NONE, limit, used, 3);
	}

	private static Image queued() {
		return new Image(ImageId.newId(), "img", ImageStatus.QUEUED, Visibility.PRIVATE, "owner", false, List.of(),
				"bare", 1, 0, null, null, "Linux", null, null, "64", null, "upload", Map.of(), null, NOW, NOW, 0);
	}

}
