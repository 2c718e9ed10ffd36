package cloud.ims.core.image;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import cloud.ims.core.common.ImsException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageOwnershipTests {

	private static final Instant NOW = Instant.parse("2026-12-07T08:00:00Z");

	private static final Image IMAGE = new Image(ImageId.newId(), "web", ImageStatus.ACTIVE, Visibility.PRIVATE, "p1",
			false, List.of(), "bare", 10, 0, null, null, "Linux", null, null, "64", null, "upload", Map.of("a", "b"),
			null, NOW.minusSeconds(60), NOW.minusSeconds(60), 3);

	@Test
	void givesANewImageToTheCreatorUnlessAnAdminNamesAnotherProject() {
		assertThat(ImageOwnership.ownerOf("p1", false, null)).isEqualTo("p1");
		assertThat(ImageOwnership.ownerOf("p1", false, "p1")).isEqualTo("p1");
		assertThat(ImageOwnership.ownerOf("p0", true, "p2")).isEqualTo("p2");
		assertError(() -> ImageOwnership.ownerOf("p1", false, "p2"), "IMG.0740");
	}

	@Test
	void refusesOwnersThatAreNoProjectId() {
		assertError(() -> ImageOwnership.ownerOf("p0", true, ""), "IMG.0001");
		assertError(() -> ImageOwnership.ownerOf("p0", true, " p2"), "IMG.0001");
		assertError(() -> ImageOwnership.ownerOf("p0", true, 42), "IMG.0001");
		assertError(() -> ImageOwnership.ownerOf("p0", true, "x".repeat(256)), "IMG.0001");
	}

	@Test
	void transfersAnImageKeepingEverythingElse() {
		Image moved = ImageOwnership.transfer(IMAGE, "p2", "p0", true, NOW).orElseThrow();

		assertThat(moved.owner()).isEqualTo("p2");
		assertThat(moved.updatedAt()).isEqualTo(NOW);
		assertThat(moved).usingRecursiveComparison().ignoringFields("owner", "updatedAt").isEqualTo(IMAGE);
		assertThat(ImageOwnership.transfer(IMAGE, "p1", "p0", true, NOW)).as("owned already").isEmpty();
	}

	@Test
	void letsOnlyAdminsTransferAndNeverToAMember() {
		assertError(() -> ImageOwnership.transfer(IMAGE, "p2", "p1", false, NOW), "IMG.0740");
		Image shared = new Image(IMAGE.id(), IMAGE.name(), IMAGE.status(), Visibility.SHARED, "p1", false, List.of(),
				"bare", 10, 0, null, null, "Linux", null, null, "64", null, "upload", Map.of(), null, NOW, NOW, 3,
				new ImageMembers(List.of(new ImageMember("p2", MemberStatus.ACCEPTED, NOW, NOW))));
		assertError(() -> ImageOwnership.transfer(shared, "p2", "p0", true, NOW), "IMG.0741");
	}

	private static void assertError(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String code) {
		assertThatThrownBy(call).isInstanceOfSatisfying(ImsException.class,
				(error) -> assertThat(error.code()).isEqualTo(code));
	}

}
