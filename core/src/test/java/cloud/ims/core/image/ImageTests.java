package cloud.ims.core.image;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import cloud.ims.core.common.Changed;
import cloud.ims.core.common.ImsException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageTests {

	private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	private static final ImageData DATA = new ImageData("vmdk", 10, 20, "md5", "sha");

	@Test
	void goesFromQueuedThroughSavingToActive() {
		Image saving = queued().startSaving(NOW).orElseThrow();
		Image active = saving.activate(DATA, NOW).orElseThrow();

		assertThat(saving.status()).isEqualTo(ImageStatus.SAVING);
		assertThat(active.status()).isEqualTo(ImageStatus.ACTIVE);
		assertThat(active.data()).isEqualTo(DATA);
		assertThat(active.startSaving(NOW)).isEmpty();
		assertThat(active.kill(NOW)).isEmpty();
	}

	@Test
	void isKilledWhenSavingFailsAndStaysKilled() {
		Image killed = queued().startSaving(NOW).flatMap((image) -> image.kill(NOW)).orElseThrow();

		assertThat(killed.status()).isEqualTo(ImageStatus.KILLED);
		assertThat(killed.activate(DATA, NOW)).isEmpty();
	}

	@Test
	void isVisibleToItsOwnerOrToAllWhenPublic() {
		Image image = queued();

		assertThat(image.isVisibleTo("owner")).isTrue();
		assertThat(image.isVisibleTo("other")).isFalse();
	}

	@Test
	void letsOnlyAdminsChangePublicImagesOrTheirVisibility() {
		Image active = queued().activate(new ImageData("vmdk", 1, 2, "md5", "sha"), NOW).orElseThrow();
		ImageEdit published = withVisibility(ImageEdit.of(active), Visibility.PUBLIC, false);

		assertThatThrownBy(() -> active.editBy(false, published, false, Set.of(ImageStatus.ACTIVE), NOW))
			.isInstanceOfSatisfying(ImsException.class, (refused) -> assertThat(refused.code()).isEqualTo("IMG.0094"));
		Image shared = active.editBy(true, published, false, Set.of(ImageStatus.ACTIVE), NOW).orElseThrow();
		assertThat(shared.visibility()).isEqualTo(Visibility.PUBLIC);
		assertThat(shared.isProtected()).as("published images are protected unless the edit says").isTrue();
		assertThat(active.editBy(true, published, true, Set.of(ImageStatus.ACTIVE), NOW).orElseThrow().isProtected())
			.isFalse();
		assertThatThrownBy(() -> shared.requireChangeableBy(false)).isInstanceOf(ImsException.class);
		assertThatThrownBy(() -> shared.deleteOnRequest(NOW)).as("protected").isInstanceOfSatisfying(
				ImsException.class, (refused) -> assertThat(refused.code()).isEqualTo("IMG.0028"));
	}

	@Test
	void editsOnlyInTheStatesTheApiAllowsAndNothingForANoOp() {
		Image queued = queued();

		assertThatThrownBy(() -> queued.editBy(false, ImageEdit.of(queued), false, Set.of(ImageStatus.ACTIVE), NOW))
			.isInstanceOfSatisfying(ImsException.class, (refused) -> assertThat(refused.code()).isEqualTo("IMG.0091"));
		assertThat(queued.editBy(false, ImageEdit.of(queued), false, Set.of(ImageStatus.QUEUED), NOW)).isEmpty();
	}

	@Test
	void givesItsQuotaUnitBackOnceWhetherKilledThenDeletedOrDeleted() {
		Image queued = queued();
		Image killed = queued.kill(NOW).orElseThrow();

		assertThat(Image.releasesQuota(new Changed<>(queued, killed))).isTrue();
		assertThat(Image.releasesQuota(new Changed<>(killed, killed.deleteOnRequest(NOW).orElseThrow()))).isFalse();
		assertThat(Image.releasesQuota(new Changed<>(queued, queued.deleteOnRequest(NOW).orElseThrow()))).isTrue();
	}

	@Test
	void isClaimedByOneJobWhichMayClaimItAgain() {
		Image claimed = queued().assignJob("job-1", NOW).orElseThrow();

		assertThat(claimed.isBeingCreatedBy("job-1")).isTrue();
		assertThat(claimed.assignJob("job-1", NOW)).as("the worker's claim after the gateway's").isEmpty();
		assertThatThrownBy(() -> claimed.assignJob("job-2", NOW))
			.isInstanceOfSatisfying(ImsException.class, (refused) -> assertThat(refused.code()).isEqualTo("IMG.0092"));
		assertThatThrownBy(() -> claimed.startUpload("job-2", NOW))
			.isInstanceOfSatisfying(ImsException.class, (refused) -> assertThat(refused.code()).isEqualTo("IMG.0092"));
	}

	@Test
	void receivesOneUploadWhichMayClaimItAgain() {
		Image receiving = queued().startUpload("job-1", NOW).orElseThrow();

		assertThat(receiving.status()).isEqualTo(ImageStatus.SAVING);
		assertThat(receiving.startUpload("job-1", NOW)).isEmpty();
		assertThat(receiving.assignJob("job-1", NOW)).isEmpty();
		assertThatThrownBy(() -> receiving.startUpload("job-2", NOW)).isInstanceOf(ImsException.class);
		assertThatThrownBy(() -> receiving.activate(DATA, NOW).orElseThrow().assignJob("job-1", NOW))
			.as("data that is there already").isInstanceOf(ImsException.class);
	}

	@Test
	void isKilledUnfinishedOnlyByTheJobThatWasMakingIt() {
		Image claimed = queued().startUpload("job-1", NOW).orElseThrow();

		assertThat(claimed.killUnfinished("job-2", NOW)).as("a job that never got to claim it").isEmpty();
		assertThat(queued().killUnfinished("job-1", NOW)).as("an image no job claimed").isEmpty();
		assertThat(claimed.killUnfinished("job-1", NOW)).map(Image::status).contains(ImageStatus.KILLED);
		assertThat(claimed.activate(DATA, NOW).orElseThrow().killUnfinished("job-1", NOW)).as("finished").isEmpty();
	}

	private static ImageEdit withVisibility(ImageEdit edit, Visibility visibility, boolean isProtected) {
		return new ImageEdit(edit.name(), edit.description(), edit.minDisk(), edit.minRam(), edit.maxRam(), edit.tags(),
				isProtected, edit.osVersion(), visibility, edit.properties());
	}

	private static Image queued() {
		return new Image(ImageId.newId(), "img", ImageStatus.QUEUED, Visibility.PRIVATE, "owner", false, List.of(),
				"bare", 1, 0, null, null, "Linux", null, null, "64", null, "upload", Map.of(), null, NOW, NOW, 0);
	}

}
