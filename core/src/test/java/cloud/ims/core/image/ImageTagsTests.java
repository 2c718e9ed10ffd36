package cloud.ims.core.image;

import java.util.List;
import java.util.stream.IntStream;

import cloud.ims.core.common.ImsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageTagsTests {

	@Test
	void readsGlanceTagsAsKeyValuePairs() {
		ImageTags tags = new ImageTags(List.of("env=prod", "web", "a=b=c", "=odd", "empty="));

		assertThat(tags.pairs()).containsExactly(new ImageTag("env", "prod"), new ImageTag("web", ""),
				new ImageTag("a", "b=c"), new ImageTag("=odd", ""), new ImageTag("empty", ""));
	}

	@Test
	void storesAPairAsKeyEqualsValueOrTheKeyAloneWhenTheValueIsEmpty() {
		assertThat(ImageTag.of("env", "prod").stored()).isEqualTo("env=prod");
		assertThat(ImageTag.of("web", "").stored()).isEqualTo("web");
		assertThat(ImageTag.of("web", null).stored()).isEqualTo("web");
		assertThat(ImageTag.of("環境", "本番_1-a").stored()).as("Unicode letters, as Huawei allows")
			.isEqualTo("環境=本番_1-a");
	}

	@ParameterizedTest(name = "key ''{0}'' value ''{1}'' is refused with {2}")
	@CsvSource(nullValues = "NULL", value = { "NULL, v, IMG.0010", "'', v, IMG.0010", "has space, v, IMG.0010",
			"dot.ted, v, IMG.0010", "a=b, v, IMG.0010", "k, has space, IMG.0011", "k, v=w, IMG.0011",
			"k, v.1, IMG.0011" })
	void refusesKeysAndValuesHuaweiRefuses(String key, String value, String code) {
		assertThatThrownBy(() -> ImageTag.of(key, value)).isInstanceOfSatisfying(ImsException.class,
				(refused) -> assertThat(refused.code()).isEqualTo(code));
	}

	@Test
	void takesKeysOfUpTo36AndValuesOfUpTo43Characters() {
		assertThat(ImageTag.of("k".repeat(36), "v".repeat(43)).key()).hasSize(36);
		assertThatThrownBy(() -> ImageTag.of("k".repeat(37), "v")).isInstanceOfSatisfying(ImsException.class,
				(refused) -> assertThat(refused.code()).isEqualTo("IMG.0010"));
		assertThatThrownBy(() -> ImageTag.of("k", "v".repeat(44))).isInstanceOfSatisfying(ImsException.class,
				(refused) -> assertThat(refused.code()).isEqualTo("IMG.0011"));
	}

	@Test
	void addsNewKeysAndGivesAKeyThatIsThereItsNewValueInPlace() {
		ImageTags tags = new ImageTags(List.of("env=test", "web", "v1.2"));

		ImageTags changed = tags.with(List.of(ImageTag.of("env", "prod"), ImageTag.of("team", "qa")));

		assertThat(changed.stored()).containsExactly("env=prod", "web", "v1.2", "team=qa");
		assertThat(changed.with(List.of(ImageTag.of("env", "prod")))).as("the same again changes nothing")
			.isEqualTo(changed);
	}

	@Test
	void replacesEveryTagOfAKeyGlanceGaveSeveralTimes() {
		ImageTags tags = new ImageTags(List.of("env=a", "web", "env=b"));

		assertThat(tags.with(List.of(ImageTag.of("env", "c"))).stored()).containsExactly("env=c", "web");
		assertThat(tags.without("env").stored()).containsExactly("web");
	}

	@Test
	void refusesAKeyTwiceInOneRequest() {
		assertThatThrownBy(() -> new ImageTags(List.of()).with(List.of(ImageTag.of("k", "a"), ImageTag.of("k", "b"))))
			.isInstanceOfSatisfying(ImsException.class, (refused) -> assertThat(refused.code()).isEqualTo("IMG.0013"));
		assertThatThrownBy(() -> new ImageTags(List.of("k=a"))
			.withoutAll(List.of(ImageTags.Removal.of("k", null), ImageTags.Removal.of("k", "a"))))
			.isInstanceOfSatisfying(ImsException.class, (refused) -> assertThat(refused.code()).isEqualTo("IMG.0013"));
	}

	@Test
	void neverTakesAnImageBeyondTenTagsNorOneThatGlanceTookBeyondFurther() {
		ImageTags nine = new ImageTags(IntStream.range(0, 9).mapToObj((i) -> "k" + i).toList());
		ImageTags ten = nine.with(List.of(ImageTag.of("k9", "")));

		assertThat(ten.stored()).hasSize(10);
		assertThatThrownBy(() -> ten.with(List.of(ImageTag.of("k10", "")))).isInstanceOfSatisfying(ImsException.class,
				(refused) -> assertThat(refused.code()).isEqualTo("IMG.0012"));
		assertThat(ten.with(List.of(ImageTag.of("k0", "changed"))).stored()).hasSize(10).contains("k0=changed");
		ImageTags twelve = new ImageTags(IntStream.range(0, 12).mapToObj((i) -> "g" + i).toList());
		assertThat(twelve.with(List.of(ImageTag.of("g0", "v"))).stored()).as("no more than it had").hasSize(12);
		assertThatThrownBy(() -> twelve.with(List.of(ImageTag.of("new", "")))).isInstanceOf(ImsException.class);
		assertThat(twelve.without("g0").stored()).hasSize(11);
	}

	@Test
	void deletesOneKeyThatMustBeThereOrSeveralThatNeedNotBe() {
		ImageTags tags = new ImageTags(List.of("env=prod", "web", "team=qa"));

		assertThat(tags.without("web").stored()).containsExactly("env=prod", "team=qa");
		assertThatThrownBy(() -> tags.without("missing")).isInstanceOfSatisfying(ImsException.class,
				(refused) -> assertThat(refused.code()).isEqualTo("IMG.0098"));
		assertThat(tags.withoutAll(List.of(ImageTags.Removal.of("env", null), ImageTags.Removal.of("missing", null)))
			.stored()).containsExactly("web", "team=qa");
		assertThat(tags.withoutAll(List.of(ImageTags.Removal.of("team", "other"))))
			.as("a value given must be the tag's").isEqualTo(tags);
		assertThat(tags.withoutAll(List.of(ImageTags.Removal.of("team", "qa"))).stored())
			.containsExactly("env=prod", "web");
		assertThatThrownBy(() -> ImageTags.Removal.of(" ", null)).isInstanceOfSatisfying(ImsException.class,
				(refused) -> assertThat(refused.code()).isEqualTo("IMG.0010"));
		assertThat(ImageTags.Removal.of("any.chars here", null).key()).as("deletion checks no characters")
			.isEqualTo("any.chars here");
	}

	@Test
	void keepsLinesAUserLeftAsTheyAreAndChecksTheNewOnes() {
		ImageTags tags = new ImageTags(List.of("v1.2", "env=test", "dup=a", "dup=b"));

		assertThat(tags.rewritten(List.of("v1.2", "env=prod", "dup=a", "dup=b", "team=")).stored())
			.containsExactly("v1.2", "env=prod", "dup=a", "dup=b", "team");
		assertThatThrownBy(() -> tags.rewritten(List.of("v1.3"))).isInstanceOfSatisfying(ImsException.class,
				(refused) -> assertThat(refused.code()).isEqualTo("IMG.0010"));
		assertThatThrownBy(() -> tags.rewritten(List.of("env=a", "env=b"))).isInstanceOfSatisfying(
				ImsException.class, (refused) -> assertThat(refused.code()).isEqualTo("IMG.0013"));
	}

	@Test
	void checksTheKeyValueTagsOfANewImage() {
		assertThat(ImageTags.forNewImage(List.of(ImageTag.of("env", "prod"), ImageTag.of("web", ""))))
			.containsExactly("env=prod", "web");
		assertThatThrownBy(() -> ImageTags.forNewImage(
				IntStream.range(0, 11).mapToObj((i) -> ImageTag.of("k" + i, "")).toList()))
			.isInstanceOfSatisfying(ImsException.class, (refused) -> assertThat(refused.code()).isEqualTo("IMG.0012"));
	}

}
