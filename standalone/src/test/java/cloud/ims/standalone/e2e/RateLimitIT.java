package cloud.ims.standalone.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A project that floods past its write limit (TestStack gives {@link #FLOODED_PROJECT} {@link #FLOODED_BURST} writes
 * an hour, everyone else far more) is refused with 429 {@code IMS.0429}, {@code Retry-After} and
 * {@code X-RateLimit-*} before anything is done, in both dialects, while another project writes in the same window.
 */
class RateLimitIT {

	static final String FLOODED_PROJECT = "rate-limited";

	static final int FLOODED_BURST = 5;

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	private final TestStack stack = TestStack.get();

	private final WebTestClient http = this.stack.client();

	private final String floodToken = this.stack.token(FLOODED_PROJECT, "flooder", false);

	private final Tenant neighbour = Tenant.newProject();

	@Test
	@SuppressWarnings("unchecked")
	void refusesAProjectsWritesOverItsLimitInBothDialectsChangingNothingWhileAnotherProjectWrites() {
		String flooded = createImage(this.floodToken, "flooded");
		String neighbours = createImage(this.neighbour.token, "neighbours");
		List<String> admitted = new ArrayList<>();
		List<String> neighbourTags = new ArrayList<>();

		for (int i = 0; i < 3 * FLOODED_BURST; i++) {
			String tag = "t" + i;
			EntityExchangeResult<Map<String, Object>> result = addTag(this.floodToken, flooded, tag);
			if (result.getStatus().value() == 204) {
				admitted.add(tag);
				assertThat(result.getResponseHeaders().getFirst("X-RateLimit-Limit")).isEqualTo("" + FLOODED_BURST);
				assertThat(result.getResponseHeaders().getFirst("X-RateLimit-Remaining"))
					.isEqualTo("" + (FLOODED_BURST - admitted.size()));
			}
			else {
				assertRefused(result);
			}
			assertThat(addTag(this.neighbour.token, neighbours, tag).getStatus()).as("the neighbour's tag %s", tag)
				.isEqualTo(HttpStatus.NO_CONTENT);
			neighbourTags.add(tag);
		}

		EntityExchangeResult<Map<String, Object>> huawei = this.http.post()
			.uri("/v2/" + FLOODED_PROJECT + "/images/" + flooded + "/tags")
			.header("X-Auth-Token", this.floodToken)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"tag\":{\"key\":\"colour\",\"value\":\"red\"}}")
			.exchange()
			.expectBody(JSON)
			.returnResult();
		assertRefused(huawei);

		assertThat(admitted).hasSize(FLOODED_BURST);
		assertThat((List<String>) image(this.floodToken, flooded).get("tags"))
			.as("only the admitted tags were added, not the refused ones nor the Huawei dialect's")
			.containsExactlyInAnyOrderElementsOf(admitted);
		assertThat((List<String>) image(this.neighbour.token, neighbours).get("tags"))
			.containsExactlyInAnyOrderElementsOf(neighbourTags);
	}

	@SuppressWarnings("unchecked")
	private static void assertRefused(EntityExchangeResult<Map<String, Object>> result) {
		assertThat(result.getStatus()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
		long retryAfter = Long.parseLong(result.getResponseHeaders().getFirst("Retry-After"));
		assertThat(retryAfter).as("one token an hour").isBetween(3000L, 3600L);
		assertThat(result.getResponseHeaders().getFirst("X-RateLimit-Limit")).isEqualTo("" + FLOODED_BURST);
		assertThat(result.getResponseHeaders().getFirst("X-RateLimit-Remaining")).isEqualTo("0");
		Map<String, Object> error = (Map<String, Object>) result.getResponseBody().get("error");
		assertThat(error).containsEntry("code", "IMS.0429");
		assertThat((String) error.get("message")).contains("project " + FLOODED_PROJECT)
			.contains(FLOODED_BURST + "")
			.contains("Retry in " + retryAfter + " seconds");
	}

	private String createImage(String token, String name) {
		Map<String, Object> created = this.http.post()
			.uri("/v2/images")
			.header("X-Auth-Token", token)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\":\"" + name + "\",\"disk_format\":\"qcow2\",\"container_format\":\"bare\"}")
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		return (String) created.get("id");
	}

	private EntityExchangeResult<Map<String, Object>> addTag(String token, String imageId, String tag) {
		return this.http.put()
			.uri("/v2/images/" + imageId + "/tags/" + tag)
			.header("X-Auth-Token", token)
			.exchange()
			.expectBody(JSON)
			.returnResult();
	}

	private Map<String, Object> image(String token, String imageId) {
		return this.http.get()
			.uri("/v2/images/" + imageId)
			.header("X-Auth-Token", token)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
	}

}
