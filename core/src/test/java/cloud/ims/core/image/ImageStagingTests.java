package cloud.ims.core.image;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import cloud.ims.core.common.Changed;
import cloud.ims.core.common.ImsException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Glance's glance-direct import: {@code queued -> uploading} (staged) {@code -> importing -> active | killed}. */
class ImageStagingTests {

	private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	private static final ImageData DATA = new ImageData("vmdk", 10, 20, "md5", "sha");

	private static final StagedData STAGED = new StagedData("image-1.part", 10, "sha", "md5");

	@Test
	void goesFromQueuedThroughUploadingAndImportingToActive() {
		Image receiving = queued().startStaging("stage", NOW).orElseThrow();
		Image staged = receiving.finishStaging("stage", STAGED, NOW).orElseThrow();
		Image importing = staged.importStaged("import", NOW).orElseThrow();
		Image active = importing.activate(DATA, NOW).orElseThrow();

		assertThat(receiving.status()).isEqualTo(ImageStatus.UPLOADING);
		assertThat(receiving.staged()).isNull();
		assertThat(staged.status()).isEqualTo(ImageStatus.UPLOADING);
		assertThat(staged.staged()).isEqualTo(STAGED);
		assertThat(importing.status()).isEqualTo(ImageStatus.IMPORTING);
		assertThat(importing.jobId()).isEqualTo("import");
		assertThat(importing.staged()).as("what the import's job imports").isEqualTo(STAGED);
		assertThat(active.status()).isEqualTo(ImageStatus.ACTIVE);
		assertThat(active.data()).isEqualTo(DATA);
		assertThat(active.staged()).as("consumed by the import").isNull();
	}

	@Test
	void repeatsEachStepOfItsOwnJobAsANoOp() {
		Image receiving = queued().startStaging("stage", NOW).orElseThrow();
		Image staged = receiving.finishStaging("stage", STAGED, NOW).orElseThrow();
		Image importing = staged.importStaged("import", NOW).orElseThrow();

		assertThat(receiving.startStaging("stage", NOW)).isEmpty();
		assertThat(staged.finishStaging("stage", STAGED, NOW)).isEmpty();
		assertThat(importing.importStaged("import", NOW)).isEmpty();
		assertThat(importing.assignJob("import", NOW)).as("the image-worker's claim").isEmpty();
		assertThat(importing.startSaving(NOW)).as("importing until active, as in Glance").isEmpty();
	}

	@Test
	void refusesAStageOfAnImageThatIsNotQueued() {
		Image receiving = queued().startStaging("stage", NOW).orElseThrow();
		Image staged = receiving.finishStaging("stage", STAGED, NOW).orElseThrow();

		for (Image notQueued : List.of(receiving, staged, queued().startUpload("upload", NOW).orElseThrow(),
				queued().assignJob("download", NOW).orElseThrow(), queued().activate(DATA, NOW).orElseThrow(),
				staged.importStaged("import", NOW).orElseThrow())) {
			assertThatThrownBy(() -> notQueued.startStaging("stage-2", NOW)).as(notQueued.status().wireName())
				.isInstanceOfSatisfying(ImsException.class, (refused) -> assertThat(refused.code()).isEqualTo("IMG.0092"));
		}
		assertThatThrownBy(() -> staged.startUpload("upload", NOW)).as("an upload over staged data")
			.isInstanceOfSatisfying(ImsException.class, (refused) -> assertThat(refused.code()).isEqualTo("IMG.0092"));
		assertThatThrownBy(() -> staged.assignJob("download", NOW)).as("a web download over staged data")
			.isInstanceOfSatisfying(ImsException.class, (refused) -> assertThat(refused.code()).isEqualTo("IMG.0092"));
	}

	@Test
	void importsOnlyStagedData() {
		Image receiving = queued().startStaging("stage", NOW).orElseThrow();

		assertThatThrownBy(() -> queued().importStaged("import", NOW)).as("nothing staged")
			.isInstanceOfSatisfying(ImsException.class, (refused) -> assertThat(refused.code()).isEqualTo("IMG.0427"));
		assertThatThrownBy(() -> receiving.importStaged("import", NOW)).as("bytes still arriving")
			.isInstanceOfSatisfying(ImsException.class, (refused) -> assertThat(refused.code()).isEqualTo("IMG.0427"));
		assertThatThrownBy(() -> queued().activate(DATA, NOW).orElseThrow().importStaged("import", NOW))
			.isInstanceOfSatisfying(ImsException.class, (refused) -> assertThat(refused.code()).isEqualTo("IMG.0427"));
	}

	@Test
	void isImportedByOneJobOnly() {
		Image importing = staged().importStaged("import", NOW).orElseThrow();

		assertThatThrownBy(() -> importing.importStaged("import-2", NOW))
			.isInstanceOfSatisfying(ImsException.class, (refused) -> assertThat(refused.code()).isEqualTo("IMG.0092"));
		assertThat(importing.killUnfinished("import-2", NOW)).isEmpty();
	}

	@Test
	void refusesToRecordAStageWhoseJobWasEnded() {
		Image receiving = queued().startStaging("stage", NOW).orElseThrow();
		Image killed = receiving.killUnfinished("stage", NOW).orElseThrow();

		assertThat(killed.status()).isEqualTo(ImageStatus.KILLED);
		assertThatThrownBy(() -> killed.finishStaging("stage", STAGED, NOW))
			.isInstanceOfSatisfying(ImsException.class, (refused) -> assertThat(refused.code()).isEqualTo("IMG.0092"));
		assertThatThrownBy(() -> receiving.finishStaging("another", STAGED, NOW))
			.isInstanceOfSatisfying(ImsException.class, (refused) -> assertThat(refused.code()).isEqualTo("IMG.0092"));
	}

	@Test
	void waitsStagedWithoutBeingCreatedSoThatNoTimeoutKillsItAndItCanBeDeleted() {
		Image receiving = queued().startStaging("stage", NOW).orElseThrow();
		Image staged = staged();

		assertThat(receiving.isBeingCreatedBy("stage")).as("bytes arriving").isTrue();
		assertThat(staged.isBeingCreated()).isFalse();
		assertThat(staged.killUnfinished("stage", NOW)).as("the stage's job is done with it").isEmpty();
		Image deleted = staged.deleteOnRequest(NOW).orElseThrow();
		assertThat(deleted.status()).isEqualTo(ImageStatus.DELETED);
		assertThat(deleted.staged()).as("what the data removal discards").isEqualTo(STAGED);
		assertThat(Image.releasesQuota(new Changed<>(staged, deleted))).isTrue();
		assertThat(staged.holdsQuota()).isTrue();
	}

	@Test
	void keepsItsStagedFileOnlyUntilItsImportTakesIt() {
		Image staged = staged();

		assertThat(staged.keepsStaged(STAGED.file())).isTrue();
		assertThat(staged.keepsStaged("other.part")).isFalse();
		assertThat(queued().startStaging("stage", NOW).orElseThrow().keepsStaged(STAGED.file())).isFalse();
		assertThat(staged.importStaged("import", NOW).orElseThrow().keepsStaged(STAGED.file())).isFalse();
	}

	@Test
	void isBeingCreatedWhileImportingAndKilledWhenTheImportFails() {
		Image importing = staged().importStaged("import", NOW).orElseThrow();

		assertThatThrownBy(() -> importing.deleteOnRequest(NOW))
			.isInstanceOfSatisfying(ImsException.class, (refused) -> assertThat(refused.code()).isEqualTo("IMG.0090"));
		Image killed = importing.killUnfinished("import", NOW).orElseThrow();
		assertThat(killed.status()).isEqualTo(ImageStatus.KILLED);
		assertThat(killed.staged()).isNull();
		assertThat(Image.releasesQuota(new Changed<>(importing, killed))).isTrue();
		assertThat(killed.activate(DATA, NOW)).isEmpty();
	}

	@Test
	void keepsWhatIsStagedThroughOtherChanges() {
		Image staged = staged();

		assertThat(staged.withVersion(7).staged()).isEqualTo(STAGED);
		assertThat(staged.edit(new ImageEdit("renamed", null, 1, 0, null, List.of(), false, null, Visibility.PRIVATE,
				Map.of()), NOW).orElseThrow().staged()).isEqualTo(STAGED);
	}

	private static Image staged() {
		return queued().startStaging("stage", NOW)
			.flatMap((receiving) -> receiving.finishStaging("stage", STAGED, NOW))
			.orElseThrow();
	}

	private static Image queued() {
		return new Image(ImageId.newId(), "img", ImageStatus.QUEUED, Visibility.PRIVATE, "owner", false, List.of(),
				"bare", 1, 0, null, null, "Linux", null, null, "64", null, "upload", Map.of(), null, NOW, NOW, 0);
	}

}
