package cloud.ims.core.image;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import cloud.ims.core.common.ImsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The rules of sharing an image between projects: who adds, removes and answers, what can be shared, how many
 * members, who may use a shared image, and what sharing does to deletion and visibility.
 */
class ImageSharingTests {

	private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	private static final Instant LATER = NOW.plusSeconds(60);

	@Test
	void sharesAPrivateImageWithPendingMembersAndMakesItShared() {
		Image shared = active().shareWith(List.of("b", "c"), "owner", false, 128, LATER).orElseThrow();

		assertThat(shared.visibility()).isEqualTo(Visibility.SHARED);
		assertThat(shared.members().list()).extracting(ImageMember::projectId, ImageMember::status, ImageMember::createdAt)
			.containsExactly(tuple("b", MemberStatus.PENDING, LATER), tuple("c", MemberStatus.PENDING, LATER));
		assertThat(shared.updatedAt()).isEqualTo(LATER);
		assertThat(shared.shareWith(List.of("c", "b"), "owner", false, 128, LATER)).as("members already").isEmpty();
	}

	@Test
	void refusesToAddAMemberTwiceInGlancesCall() {
		Image shared = active().addMember("b", "owner", false, 128, NOW).orElseThrow();

		assertRefused(() -> shared.addMember("b", "owner", false, 128, NOW), "IMG.0706");
	}

	@ParameterizedTest(name = "{0} adding a member as admin={1}: {2}")
	@CsvSource({ "owner, false, ok", "other, true, ok", "other, false, IMG.0703", "b, false, IMG.0703" })
	void letsOnlyTheOwnerOrAnAdminAddAndRemoveMembers(String project, boolean admin, String expected) {
		Image shared = active().shareWith(List.of("b"), "owner", false, 128, NOW).orElseThrow();

		if (expected.equals("ok")) {
			assertThat(shared.shareWith(List.of("c"), project, admin, 128, NOW)).isPresent();
			assertThat(shared.removeMember("b", project, admin, NOW)).isPresent();
		}
		else {
			assertRefused(() -> shared.shareWith(List.of("c"), project, admin, 128, NOW), expected);
			assertRefused(() -> shared.removeMember("b", project, admin, NOW), expected);
		}
	}

	@Test
	void sharesOnlyActivePrivateImagesAndNeverWithTheOwner() {
		assertRefused(() -> withVisibility(active(), Visibility.PUBLIC).shareWith(List.of("b"), "owner", true, 128, NOW),
				"IMG.0702");
		assertRefused(() -> queued().shareWith(List.of("b"), "owner", false, 128, NOW), "IMG.0702");
		assertRefused(() -> active().shareWith(List.of("b", "owner"), "owner", false, 128, NOW), "IMG.0708");
	}

	@Test
	void boundsTheNumberOfMembers() {
		List<String> many = IntStream.range(0, 128).mapToObj((index) -> "p" + index).toList();
		Image full = active().shareWith(many, "owner", false, 128, NOW).orElseThrow();

		assertThat(full.members().size()).isEqualTo(128);
		assertRefused(() -> full.shareWith(List.of("one-more"), "owner", false, 128, NOW), "IMG.0701");
		assertThat(full.shareWith(List.of("p7"), "owner", false, 128, NOW)).as("no new member").isEmpty();
		assertThat(full.removeMember("p0", "owner", false, NOW).orElseThrow()
			.shareWith(List.of("one-more"), "owner", false, 128, NOW)).isPresent();
	}

	@Test
	void letsOnlyTheMemberItselfAnswer() {
		Image shared = active().shareWith(List.of("b"), "owner", false, 128, NOW).orElseThrow();

		Image accepted = shared.answer("b", MemberStatus.ACCEPTED, "b", LATER).orElseThrow();

		assertThat(accepted.members().of("b")).map(ImageMember::status).contains(MemberStatus.ACCEPTED);
		assertThat(accepted.members().of("b")).map(ImageMember::updatedAt).contains(LATER);
		assertThat(accepted.answer("b", MemberStatus.ACCEPTED, "b", LATER)).as("the same answer again").isEmpty();
		assertRefused(() -> shared.answer("b", MemberStatus.ACCEPTED, "owner", LATER), "IMG.0704");
		assertRefused(() -> shared.answer("c", MemberStatus.ACCEPTED, "c", LATER), "IMG.0705");
	}

	@Test
	void refusesToRemoveAProjectThatIsNoMember() {
		assertRefused(() -> active().removeMember("b", "owner", false, NOW), "IMG.0705");
	}

	@ParameterizedTest(name = "{0}: shown {1}, usable {2}, __imagetype {3}")
	@CsvSource({ "owner, true, true, private", "accepted, true, true, shared", "pending, true, false, shared",
			"rejected, true, false, shared", "stranger, false, false, shared" })
	void letsOnlyMembersThatAcceptedUseIt(String project, boolean shown, boolean usable, String imageType) {
		Image image = active().shareWith(List.of("accepted", "pending", "rejected"), "owner", false, 128, NOW)
			.flatMap((shared) -> shared.answer("accepted", MemberStatus.ACCEPTED, "accepted", NOW))
			.flatMap((shared) -> shared.answer("rejected", MemberStatus.REJECTED, "rejected", NOW))
			.orElseThrow();

		assertThat(image.isShownTo(project)).isEqualTo(shown);
		assertThat(image.isUsableBy(project)).isEqualTo(usable);
		assertThat(image.isVisibleTo(project)).as("visible: what it may change").isEqualTo(project.equals("owner"));
		assertThat(image.imageTypeFor(project)).isEqualTo(imageType);
	}

	@Test
	void losesAccessOnceRemovedButStaysShared() {
		Image accepted = active().shareWith(List.of("b"), "owner", false, 128, NOW)
			.flatMap((shared) -> shared.answer("b", MemberStatus.ACCEPTED, "b", NOW))
			.orElseThrow();

		Image removed = accepted.removeMember("b", "owner", false, LATER).orElseThrow();

		assertThat(removed.isShownTo("b")).isFalse();
		assertThat(removed.isUsableBy("b")).isFalse();
		assertThat(removed.visibility()).isEqualTo(Visibility.SHARED);
	}

	@Test
	void refusesToDeleteAnImageThatMembersAcceptedAndNamesThem() {
		Image image = active().shareWith(List.of("b", "c", "d"), "owner", false, 128, NOW)
			.flatMap((shared) -> shared.answer("b", MemberStatus.ACCEPTED, "b", NOW))
			.flatMap((shared) -> shared.answer("d", MemberStatus.ACCEPTED, "d", NOW))
			.orElseThrow();

		assertThatThrownBy(() -> image.deleteOnRequest(LATER)).isInstanceOfSatisfying(ImsException.class, (refused) -> {
			assertThat(refused.code()).isEqualTo("IMG.0709");
			assertThat(refused.getMessage()).contains("b, d").doesNotContain("c,");
		});
		Image pendingOnly = image.removeMember("b", "owner", false, NOW)
			.flatMap((shared) -> shared.removeMember("d", "owner", false, NOW))
			.orElseThrow();
		assertThat(pendingOnly.deleteOnRequest(LATER)).map(Image::status).contains(ImageStatus.DELETED);
	}

	@Test
	void letsTheOwnerSwitchBetweenPrivateAndSharedOnlyWithoutMembers() {
		Image active = active();
		Image shared = active.editBy(false, edit(active, Visibility.SHARED), false, Set.of(ImageStatus.ACTIVE), NOW)
			.orElseThrow();
		assertThat(shared.visibility()).isEqualTo(Visibility.SHARED);
		assertThat(shared.editBy(false, edit(shared, Visibility.PRIVATE), false, Set.of(ImageStatus.ACTIVE), NOW))
			.map(Image::visibility)
			.contains(Visibility.PRIVATE);

		Image withMembers = shared.shareWith(List.of("b"), "owner", false, 128, NOW).orElseThrow();
		assertRefused(() -> withMembers.editBy(false, edit(withMembers, Visibility.PRIVATE), false,
				Set.of(ImageStatus.ACTIVE), NOW), "IMG.0712");
		assertRefused(() -> withMembers.editBy(true, edit(withMembers, Visibility.PUBLIC), false,
				Set.of(ImageStatus.ACTIVE), NOW), "IMG.0712");
		assertThat(withMembers.editBy(false, renamed(withMembers), false, Set.of(ImageStatus.ACTIVE), NOW)
			.orElseThrow()
			.members()).as("an edit keeps the members").isEqualTo(withMembers.members());
	}

	@Test
	void keepsItsMembersThroughItsOtherTransitions() {
		Image shared = active().shareWith(List.of("b"), "owner", false, 128, NOW).orElseThrow();

		assertThat(shared.withVersion(7).members()).isEqualTo(shared.members());
		assertThat(shared.delete(NOW).orElseThrow().members()).isEqualTo(shared.members());
	}

	private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String code) {
		assertThatThrownBy(call).isInstanceOfSatisfying(ImsException.class,
				(refused) -> assertThat(refused.code()).isEqualTo(code));
	}

	private static org.assertj.core.groups.Tuple tuple(Object... values) {
		return org.assertj.core.groups.Tuple.tuple(values);
	}

	private static ImageEdit edit(Image image, Visibility visibility) {
		ImageEdit edit = ImageEdit.of(image);
		return new ImageEdit(edit.name(), edit.description(), edit.minDisk(), edit.minRam(), edit.maxRam(), edit.tags(),
				edit.isProtected(), edit.osVersion(), visibility, edit.properties());
	}

	private static ImageEdit renamed(Image image) {
		ImageEdit edit = ImageEdit.of(image);
		return new ImageEdit("renamed", edit.description(), edit.minDisk(), edit.minRam(), edit.maxRam(), edit.tags(),
				edit.isProtected(), edit.osVersion(), edit.visibility(), edit.properties());
	}

	private static Image withVisibility(Image image, Visibility visibility) {
		return image.edit(edit(image, visibility), NOW).orElseThrow();
	}

	private static Image queued() {
		return new Image(ImageId.newId(), "img", ImageStatus.QUEUED, Visibility.PRIVATE, "owner", false, List.of(),
				"bare", 1, 0, null, null, "Linux", null, null, "64", null, "upload", Map.of(), null, NOW, NOW, 0);
	}

	private static Image active() {
		return queued().activate(new ImageData("vmdk", 1, 2, "md5", "sha"), NOW).orElseThrow();
	}

}
