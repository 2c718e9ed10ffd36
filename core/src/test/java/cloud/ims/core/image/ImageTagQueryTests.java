package cloud.ims.core.image;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.image.ImageTagQuery.Condition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageTagQueryTests {

	private static final Image PROD_WEB = image("prod-web", "env=prod", "tier=web");

	private static final Image TEST_WEB = image("test-web", "env=test", "tier=web");

	private static final Image PROD_DB = image("prod-db", "env=prod", "tier=db", "backup");

	private static final Image PLAIN = image("plain");

	private static final List<Image> ALL = List.of(PROD_WEB, TEST_WEB, PROD_DB, PLAIN);

	@Test
	void selectsImagesWithEveryTagOfTagsAndAnyValueWhenNoneIsListed() {
		assertThat(select(query(List.of(condition("env", "prod")), List.of(), List.of(), List.of())))
			.containsExactly(PROD_WEB, PROD_DB);
		assertThat(select(query(List.of(condition("env", "prod"), condition("tier", "web")), List.of(), List.of(),
				List.of()))).containsExactly(PROD_WEB);
		assertThat(select(query(List.of(condition("env", "prod", "test")), List.of(), List.of(), List.of())))
			.containsExactly(PROD_WEB, TEST_WEB, PROD_DB);
		assertThat(select(query(List.of(condition("tier")), List.of(), List.of(), List.of())))
			.containsExactly(PROD_WEB, TEST_WEB, PROD_DB);
		assertThat(select(query(List.of(condition("backup", "")), List.of(), List.of(), List.of())))
			.as("a key-only tag has the empty value").containsExactly(PROD_DB);
	}

	@Test
	void selectsWithAnyOfTagsAnyAndExcludesWithNotTagsAndNotTagsAny() {
		assertThat(select(query(List.of(), List.of(condition("env", "test"), condition("backup")), List.of(),
				List.of()))).containsExactly(TEST_WEB, PROD_DB);
		assertThat(select(query(List.of(), List.of(), List.of(condition("env", "prod"), condition("tier", "web")),
				List.of()))).as("not every one of not_tags").containsExactly(TEST_WEB, PROD_DB, PLAIN);
		assertThat(select(query(List.of(), List.of(), List.of(), List.of(condition("env", "prod"),
				condition("tier", "web"))))).as("none of not_tags_any").containsExactly(PLAIN);
	}

	@Test
	void selectsImagesWithoutTagsIgnoringTheTagConditions() {
		assertThat(select(new ImageTagQuery(List.of(condition("env")), List.of(), List.of(), List.of(), true, null,
				null))).containsExactly(PLAIN);
	}

	@Test
	void matchesPartOfTheNameOrTheWholeId() {
		assertThat(select(new ImageTagQuery(List.of(), List.of(), List.of(), List.of(), false, "web", null)))
			.containsExactly(PROD_WEB, TEST_WEB);
		assertThat(select(new ImageTagQuery(List.of(), List.of(), List.of(), List.of(), false, null,
				PROD_DB.id().value()))).containsExactly(PROD_DB);
	}

	@Test
	void refusesMoreThanTenKeysOrValuesAndRepeatedKeysOrValues() {
		List<Condition> eleven = IntStream.range(0, 11).mapToObj((i) -> condition("k" + i)).toList();
		assertThatThrownBy(() -> query(eleven, List.of(), List.of(), List.of())).isInstanceOfSatisfying(
				ImsException.class, (refused) -> assertThat(refused.code()).isEqualTo("IMG.0014"));
		assertThatThrownBy(() -> Condition.of("k", IntStream.range(0, 11).mapToObj(String::valueOf).toList()))
			.isInstanceOfSatisfying(ImsException.class, (refused) -> assertThat(refused.code()).isEqualTo("IMG.0014"));
		assertThatThrownBy(() -> Condition.of("k", List.of("a", "a"))).isInstanceOfSatisfying(ImsException.class,
				(refused) -> assertThat(refused.code()).isEqualTo("IMG.0014"));
		assertThatThrownBy(() -> query(List.of(), List.of(condition("k"), condition("k")), List.of(), List.of()))
			.isInstanceOfSatisfying(ImsException.class, (refused) -> assertThat(refused.code()).isEqualTo("IMG.0013"));
		assertThatThrownBy(() -> Condition.of("", List.of())).isInstanceOfSatisfying(ImsException.class,
				(refused) -> assertThat(refused.code()).isEqualTo("IMG.0010"));
		assertThatThrownBy(() -> Condition.of("k", null)).isInstanceOfSatisfying(ImsException.class,
				(refused) -> assertThat(refused.code()).isEqualTo("IMG.0014"));
	}

	private static List<Image> select(ImageTagQuery query) {
		return ALL.stream().filter(query::matches).toList();
	}

	private static ImageTagQuery query(List<Condition> all, List<Condition> any, List<Condition> notAll,
			List<Condition> notAny) {
		return new ImageTagQuery(all, any, notAll, notAny, false, null, null);
	}

	private static Condition condition(String key, String... values) {
		return Condition.of(key, List.of(values));
	}

	private static Image image(String name, String... tags) {
		Instant now = Instant.parse("2026-01-01T00:00:00Z");
		return new Image(ImageId.newId(), name, ImageStatus.ACTIVE, Visibility.PRIVATE, "p", false,
				Stream.of(tags).toList(), "bare", 1, 0, null, null, "Linux", null, null, "64", null, "upload", Map.of(),
				null, now, now, 0);
	}

}
