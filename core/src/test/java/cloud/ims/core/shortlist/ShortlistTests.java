package cloud.ims.core.shortlist;

import java.time.Instant;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.image.ImageId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ShortlistTests {

	private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

	@Test
	void removesAnImageThatIsOnTheList() {
		ImageId image = ImageId.newId();
		Shortlist listed = Shortlist.empty("alice").add(image, NOW).orElseThrow();

		assertThat(listed.remove(image)).hasValueSatisfying((removed) -> assertThat(removed.imageIds()).isEmpty());
	}

	@Test
	void refusesToRemoveAnImageThatIsNotOnTheListAndStaysAsItWas() {
		ImageId listedImage = ImageId.newId();
		ImageId other = ImageId.newId();
		Shortlist listed = Shortlist.empty("alice").add(listedImage, NOW).orElseThrow();

		ImsException refused = catchThrowableOfType(ImsException.class, () -> listed.remove(other));

		assertThat(refused.kind()).isEqualTo(ImsException.Kind.NOT_FOUND);
		assertThat(refused.code()).isEqualTo("IMG.0093");
		assertThat(refused.getMessage()).contains(other.value()).contains("GET /v1/cloudimages/frequently-used");
		assertThat(listed.imageIds()).containsExactly(listedImage);
	}

	@Test
	void addsAnImageOnlyOnce() {
		ImageId image = ImageId.newId();
		Shortlist listed = Shortlist.empty("alice").add(image, NOW).orElseThrow();

		assertThat(listed.add(image, NOW.plusSeconds(1))).isEmpty();
	}

}
