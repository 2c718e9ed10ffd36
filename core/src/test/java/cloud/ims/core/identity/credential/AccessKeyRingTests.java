package cloud.ims.core.identity.credential;

import java.security.SecureRandom;
import java.util.List;

import cloud.ims.core.common.ImsException;
import org.junit.jupiter.api.Test;

import static cloud.ims.core.identity.credential.AccessKeyFixture.CREDENTIAL_KEY;
import static cloud.ims.core.identity.credential.AccessKeyFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccessKeyRingTests {

	private final SecureRandom random = new SecureRandom();

	@Test
	void issuesAnActiveKeyWithAHuaweiShapedIdAndAFortyCharacterSecretThatOpensAgain() {
		IssuedAccessKey issued = new AccessKeyRing("u1", List.of()).issue("ci", NOW, CREDENTIAL_KEY, this.random);

		assertThat(issued.key().id().value()).matches("[A-Z0-9]{20}");
		assertThat(issued.secret()).matches("[A-Za-z0-9]{40}");
		assertThat(issued.key().isActive()).isTrue();
		assertThat(issued.key().userId()).isEqualTo("u1");
		assertThat(issued.key().description()).isEqualTo("ci");
		assertThat(issued.key().createdAt()).isEqualTo("2026-12-07T10:15:30.123Z");
		assertThat(issued.key().openSecret(CREDENTIAL_KEY)).isEqualTo(issued.secret());
		assertThat(issued.toString()).doesNotContain(issued.secret());
	}

	@Test
	void givesTheSecondKeyTheFreeSlotAndRefusesAThird() {
		IssuedAccessKey first = new AccessKeyRing("u1", List.of()).issue("", NOW, CREDENTIAL_KEY, this.random);
		IssuedAccessKey second = new AccessKeyRing("u1", List.of(first.key())).issue("", NOW, CREDENTIAL_KEY,
				this.random);
		AccessKeyRing full = new AccessKeyRing("u1", List.of(first.key(), second.key()));

		assertThat(List.of(first.key().slot(), second.key().slot())).containsExactly(0, 1);
		assertThat(second.key().id()).isNotEqualTo(first.key().id());
		assertThatThrownBy(() -> full.issue("", NOW, CREDENTIAL_KEY, this.random))
			.isInstanceOfSatisfying(ImsException.class, (refused) -> {
				assertThat(refused.code()).isEqualTo("IAM.0302");
				assertThat(refused.kind()).isEqualTo(ImsException.Kind.CONFLICT);
				assertThat(refused.getMessage()).contains("u1", "2 access keys", "Delete one");
			});
	}

	@Test
	void reusesTheSlotOfADeletedKey() {
		IssuedAccessKey first = new AccessKeyRing("u1", List.of()).issue("", NOW, CREDENTIAL_KEY, this.random);
		IssuedAccessKey second = new AccessKeyRing("u1", List.of(first.key())).issue("", NOW, CREDENTIAL_KEY,
				this.random);

		IssuedAccessKey third = new AccessKeyRing("u1", List.of(second.key())).issue("", NOW, CREDENTIAL_KEY,
				this.random);

		assertThat(third.key().slot()).isEqualTo(0);
	}

	@Test
	void refusesADescriptionLongerThanHuaweiAllows() {
		AccessKeyRing ring = new AccessKeyRing("u1", List.of());

		assertThat(ring.issue("d".repeat(255), NOW, CREDENTIAL_KEY, this.random).key().description()).hasSize(255);
		assertThatThrownBy(() -> ring.issue("d".repeat(256), NOW, CREDENTIAL_KEY, this.random))
			.isInstanceOfSatisfying(ImsException.class, (refused) -> {
				assertThat(refused.code()).isEqualTo("IAM.0301");
				assertThat(refused.getMessage()).contains("credential.description", "255");
			});
	}

	@Test
	void changesStatusAndDescriptionAndNothingWhenBothAreAsTheyAre() {
		AccessKey key = AccessKeyFixture.aNewKeyOf("u1").key();

		AccessKey disabled = key.change(AccessKeyStatus.INACTIVE, null).orElseThrow();
		assertThat(disabled.isActive()).isFalse();
		assertThat(disabled.description()).isEqualTo(key.description());
		assertThat(disabled.change(null, "renamed").orElseThrow().description()).isEqualTo("renamed");
		assertThat(key.change(AccessKeyStatus.ACTIVE, key.description())).isEmpty();
		assertThat(key.change(null, null)).isEmpty();
	}

}
