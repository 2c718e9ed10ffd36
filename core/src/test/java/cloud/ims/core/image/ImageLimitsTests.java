package cloud.ims.core.image;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every cap on an image's metadata, at its limit and one past it, with the code and the message that names the limit.
 */
class ImageLimitsTests {

	static Stream<Arguments> withinTheLimits() {
		return Stream.of(arguments("a 128-character name", run(() -> ImageRules.name("n".repeat(128)))),
				arguments("a 1024-character description", run(() -> ImageRules.description("d".repeat(1024)))),
				arguments("50 tags", run(() -> ImageRules.tags(tags(50, 1)))),
				arguments("a 255-character tag", run(() -> ImageRules.tags(List.of("t".repeat(255))))),
				arguments("128 properties", run(() -> ImageRules.properties(properties(128, 1, 1)))),
				arguments("a 255-character property name", run(() -> ImageRules.properties(Map.of("k".repeat(255), "v")))),
				arguments("a 65535-character value", run(() -> ImageRules.properties(Map.of("k", "v".repeat(65_535))))),
				arguments("65536 characters in all", run(() -> ImageRules.properties(properties(16, 4, 4092)))),
				arguments("a change to an image over the count that adds none",
						run(() -> ImageRules.properties(properties(130, 1, 1), replaced(properties(130, 1, 1), "k000",
								"changed")))),
				arguments("removing from an image over the count",
						run(() -> ImageRules.properties(properties(130, 1, 1), properties(129, 1, 1)))));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("withinTheLimits")
	void acceptsMetadataWithinTheLimits(String metadata, Runnable check) {
		check.run();
	}

	static Stream<Arguments> overTheLimits() {
		return Stream.of(
				arguments("a 129-character name", run(() -> ImageRules.name("n".repeat(129))), "IMG.0001",
						"use 1 to 128 letters"),
				arguments("a 1025-character description", run(() -> ImageRules.description("d".repeat(1025))),
						"IMG.0002", "at most 1024 characters"),
				arguments("51 tags", run(() -> ImageRules.tags(tags(51, 1))), "IMG.0004", "at most 50 tags"),
				arguments("a 256-character tag", run(() -> ImageRules.tags(List.of("t".repeat(256)))), "IMG.0004",
						"use 1 to 255 characters"),
				arguments("129 properties", run(() -> ImageRules.properties(properties(129, 1, 1))), "IMG.0030",
						"at most 128 properties; this request would leave it 129"),
				arguments("a property added to an image over the count",
						run(() -> ImageRules.properties(properties(130, 1, 1), properties(131, 1, 1))), "IMG.0030",
						"at most 128 properties"),
				arguments("a 256-character property name",
						run(() -> ImageRules.properties(Map.of("k".repeat(256), "v"))), "IMG.0031", "use 1 to 255"),
				arguments("an empty property name", run(() -> ImageRules.properties(Map.of("", "v"))), "IMG.0031",
						"use 1 to 255"),
				arguments("a property name with a slash", run(() -> ImageRules.properties(Map.of("a/b", "v"))),
						"IMG.0031", "without '/'"),
				arguments("a 65536-character value", run(() -> ImageRules.properties(Map.of("k", "v".repeat(65_536)))),
						"IMG.0032", "at most 65535"),
				arguments("65537 characters in all", run(() -> ImageRules.properties(properties(16, 4, 4093))),
						"IMG.0033", "at most 65536 characters in all"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("overTheLimits")
	void refusesMetadataOverALimitWithItsCode(String metadata, Runnable check, String code, String saying) {
		assertThatThrownBy(check::run).isInstanceOfSatisfying(ImsException.class, (refused) -> {
			assertThat(refused.kind()).isEqualTo(Kind.INVALID);
			assertThat(refused.code()).isEqualTo(code);
			assertThat(refused.getMessage()).contains(saying).hasSizeLessThan(1000);
		});
	}

	@Test
	void capsWhatADraftTakesAsTheRulesDo() {
		assertThatThrownBy(() -> ImageDraft.of("ok", null, tags(51, 1), null, null, null, false))
			.hasFieldOrPropertyWithValue("code", "IMG.0004");
		assertThatThrownBy(() -> ImageDraft.of("n".repeat(129), null, List.of(), null, null, null, false))
			.hasFieldOrPropertyWithValue("code", "IMG.0001");
	}

	private static Runnable run(Supplier<?> check) {
		return check::get;
	}

	private static List<String> tags(int count, int length) {
		return IntStream.range(0, count).mapToObj((i) -> String.format("%0" + Math.max(length, 3) + "d", i)).toList();
	}

	/** {@code count} properties with keys of {@code keyLength} (at least 4) and values of {@code valueLength}. */
	private static Map<String, String> properties(int count, int keyLength, int valueLength) {
		Map<String, String> properties = new LinkedHashMap<>();
		IntStream.range(0, count).forEach((i) -> properties.put(("k" + String.format("%03d", i)).substring(0,
				Math.max(4, keyLength)), "v".repeat(valueLength)));
		return properties;
	}

	private static Map<String, String> replaced(Map<String, String> properties, String key, String value) {
		Map<String, String> changed = new LinkedHashMap<>(properties);
		changed.put(key, value);
		return changed;
	}

}
