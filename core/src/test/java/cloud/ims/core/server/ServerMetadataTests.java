package cloud.ims.core.server;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * An ECS's metadata as Huawei ECS bounds it, at each limit and one past it, in the request for ECSs.
 */
class ServerMetadataTests {

	private static final BatchLimits LIMITS = new BatchLimits(500, 1024);

	static Stream<Arguments> accepted() {
		return Stream.of(arguments("none", null), arguments("10 pairs, the advertised maxServerMeta", pairs(10)),
				arguments("a 255-character key of every allowed character",
						Map.of(("aZ09-_:." + "k".repeat(255)).substring(0, 255), "v")),
				arguments("a 255-character value", Map.of("k", "v".repeat(255))), arguments("an empty value",
						Map.of("k", "")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("accepted")
	void acceptsMetadataWithinHuaweiLimits(String metadata, Map<String, String> given) {
		ServerBatch batch = ServerBatch.of(request(given), LIMITS);

		assertThat(batch.metadata()).isEqualTo((given != null) ? given : Map.of());
	}

	static Stream<Arguments> refused() {
		return Stream.of(
				arguments("11 pairs", pairs(11), "Ecs.0031", "server.metadata has 11 pairs; an ECS can have at most 10"),
				arguments("an empty key", Map.of("", "v"), "Ecs.0032", "use 1 to 255 letters"),
				arguments("a 256-character key", Map.of("k".repeat(256), "v"), "Ecs.0032", "use 1 to 255 letters"),
				arguments("a key with a space", Map.of("my key", "v"), "Ecs.0032", "'-', '_', ':' or '.'"),
				arguments("a 256-character value", Map.of("k", "v".repeat(256)), "Ecs.0033", "at most 255 characters"),
				arguments("a missing value", nullValue(), "Ecs.0033", "must be a string"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("refused")
	void refusesMetadataOverALimitBeforeAnythingIsLookedUp(String metadata, Map<String, String> given, String code,
			String saying) {
		assertThatThrownBy(() -> ServerBatch.of(request(given), LIMITS)).isInstanceOfSatisfying(ImsException.class,
				(refused) -> {
					assertThat(refused.kind()).isEqualTo(Kind.INVALID);
					assertThat(refused.code()).isEqualTo(code);
					assertThat(refused.getMessage()).contains(saying).hasSizeLessThan(1000);
				});
	}

	@Test
	void advertisesTheLimitItEnforces() {
		assertThat(ServerMetadata.MAX_ENTRIES).isEqualTo(10);
		assertThatThrownBy(() -> ServerMetadata.checked(pairs(ServerMetadata.MAX_ENTRIES + 1)))
			.hasFieldOrPropertyWithValue("code", "Ecs.0031");
	}

	private static ServerBatch.Requested request(Map<String, String> metadata) {
		return new ServerBatch.Requested("image", "s6.small.1", "vm", 1, false, null, metadata, null, null, null);
	}

	private static Map<String, String> pairs(int count) {
		Map<String, String> pairs = new LinkedHashMap<>();
		IntStream.range(0, count).forEach((i) -> pairs.put("key-" + i, "value-" + i));
		return pairs;
	}

	private static Map<String, String> nullValue() {
		Map<String, String> metadata = new HashMap<>();
		metadata.put("k", null);
		return metadata;
	}

}
