package cloud.ims.messaging.events;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import cloud.ims.core.common.Actor;
import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageData;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.image.ImageStatus;
import cloud.ims.core.image.MemberStatus;
import cloud.ims.core.image.Visibility;
import cloud.ims.messages.ImageChange;
import cloud.ims.messages.ImageChanged;
import cloud.ims.messages.ImageMembership;
import cloud.ims.messages.ImageMembershipStatus;
import cloud.ims.schemas.MessageCodec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

class AvroChangeEventsTests {

	private static final Instant NOW = Instant.parse("2026-12-07T00:00:00Z");

	private final MessageCodec codec = MessageCodec.standard();

	private final AvroChangeEvents events = new AvroChangeEvents(this.codec, Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void reportsAMembershipChangeAsAnUpdateCarryingEveryMemberWithItsAnswer() {
		Image image = new Image(ImageId.newId(), "shared", ImageStatus.ACTIVE, Visibility.PRIVATE, "owner", false,
				List.of(), "bare", 1, 0, null, new ImageData("vmdk", 1, 2, "md5", "sha"), "Linux", null, null, "64", null,
				"upload", Map.of(), null, NOW, NOW, 3);
		Image shared = image.shareWith(List.of("b", "c"), "owner", false, 128, NOW).orElseThrow();
		Image answered = shared.answer("b", MemberStatus.ACCEPTED, "b", NOW).orElseThrow();

		ImageChanged event = (ImageChanged) this.codec
			.decode(this.events.image(shared, answered, new Actor("b", "bob", "req-1")).payload());

		assertThat(event.getChange()).isEqualTo(ImageChange.UPDATED);
		assertThat(event.getVisibility()).isEqualTo("shared");
		assertThat(event.getMembers()).extracting(ImageMembership::getProjectId, ImageMembership::getStatus)
			.containsExactly(tuple("b", ImageMembershipStatus.ACCEPTED), tuple("c", ImageMembershipStatus.PENDING));
		assertThat(event.getContext().getProjectId()).isEqualTo("b");
	}

}
