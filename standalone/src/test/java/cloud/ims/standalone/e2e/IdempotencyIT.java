package cloud.ims.standalone.e2e;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retried requests with the same X-Client-Token are answered, not done again.
 */
class IdempotencyIT {

	private final Tenant tenant = Tenant.newProject();

	@Test
	@SuppressWarnings("unchecked")
	void answersARetriedRequestWithTheOriginalJobAndDoesNothingAgain() {
		String token = "create-" + UUID.randomUUID();
		String body = batch("once", 2);

		EntityExchangeResult<Map> first = post(token, body).expectStatus().isAccepted().expectBody(Map.class)
			.returnResult();
		EntityExchangeResult<Map> again = post(token, body).expectStatus().isAccepted().expectBody(Map.class)
			.returnResult();

		assertThat(again.getResponseBody()).isEqualTo(first.getResponseBody());
		assertThat(again.getResponseHeaders().getFirst("X-Idempotent-Replay")).isEqualTo("true");
		assertThat(again.getResponseHeaders().getLocation()).isEqualTo(first.getResponseHeaders().getLocation());
		this.tenant.awaitJob((String) first.getResponseBody().get("job_id"));
		assertThat(this.tenant.json(this.tenant.get(servers() + "/detail?name=once"), HttpStatus.OK))
			.containsEntry("count", 2);
		assertThat((List<Object>) this.tenant.json(this.tenant.get("/v1/" + this.tenant.projectId + "/jobs"),
				HttpStatus.OK).get("jobs")).hasSize(1);
	}

	@Test
	void refusesTheSameTokenForADifferentRequest() {
		String token = "t-" + UUID.randomUUID();
		post(token, batch("first", 1)).expectStatus().isAccepted();

		IsolationIT.assertError(post(token, batch("second", 1)), HttpStatus.CONFLICT, "IMS.0409");
	}

	@Test
	void doesTheWorkOnceForConcurrentRetries() {
		String token = "race-" + UUID.randomUUID();
		String body = batch("raced", 1);

		List<Object> jobIds = IntStream.range(0, 4)
			.mapToObj((i) -> CompletableFuture.supplyAsync(() -> post(token, body).expectStatus().isAccepted()
				.expectBody(Map.class).returnResult().getResponseBody().get("job_id")))
			.toList().stream().map(CompletableFuture::join).toList();

		assertThat(jobIds).containsOnly(jobIds.get(0));
	}

	@Test
	void scopesTokensToTheirUser() {
		String token = "shared-" + UUID.randomUUID();
		Tenant other = Tenant.newProject();
		post(token, batch("mine", 1)).expectStatus().isAccepted();

		other.http.post().uri("/v1/" + other.projectId + "/cloudservers").header("X-Auth-Token", other.token)
			.header("X-Client-Token", token).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(batch("mine", 1).replace(this.tenant.baseImageId(), other.baseImageId()))
			.exchange().expectStatus().isAccepted().expectHeader().doesNotExist("X-Idempotent-Replay");
	}

	@Test
	void refusesAMalformedToken() {
		IsolationIT.assertError(post("not a token!", batch("x", 1)), HttpStatus.BAD_REQUEST, "IMS.0400");
	}

	private WebTestClient.ResponseSpec post(String token, String body) {
		return this.tenant.http.post().uri(servers()).header("X-Auth-Token", this.tenant.token)
			.header("X-Client-Token", token).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
	}

	private String batch(String name, int count) {
		return """
				{"server":{"imageRef":"%s","flavorRef":"s6.small.1","name":"%s","count":%d}}"""
			.formatted(this.tenant.baseImageId(), name, count);
	}

	private String servers() {
		return "/v1/" + this.tenant.projectId + "/cloudservers";
	}

}
