package cloud.ims.standalone.e2e;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import cloud.ims.core.common.Actor;
import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.image.ImageStatus;
import cloud.ims.core.image.Images;
import cloud.ims.core.image.Visibility;
import cloud.ims.core.server.Fault;
import cloud.ims.core.server.Flavor;
import cloud.ims.core.server.Server;
import cloud.ims.core.server.ServerId;
import cloud.ims.core.server.Servers;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import static cloud.ims.standalone.e2e.IsolationIT.assertError;

/**
 * Every error the foundation must answer in the API's format, with its code.
 */
class ErrorsIT {

	private static final Actor FIXTURE = new Actor("admin", "test-fixture", "fixture");

	private final Tenant tenant = Tenant.newProject();

	private final String servers = "/v1/" + this.tenant.projectId + "/cloudservers";

	@Test
	void refusesCallsWithoutAValidToken() {
		TestStack stack = TestStack.get();
		assertError(stack.client().get().uri("/v2/cloudimages").exchange(), HttpStatus.UNAUTHORIZED, "IMS.0401");
		assertError(stack.client().get().uri("/v2/cloudimages").header("X-Auth-Token", "not-a-jwt").exchange(),
				HttpStatus.UNAUTHORIZED, "IMS.0401");
		assertError(stack.client().get().uri("/v2/cloudimages").header("Authorization", "Bearer " + forgedToken())
			.exchange(), HttpStatus.UNAUTHORIZED, "IMS.0401");
	}

	@Test
	void acceptsTheTokenAsABearerTokenToo() {
		TestStack.get().client().get().uri("/v2/cloudimages").header("Authorization", "Bearer " + this.tenant.token)
			.exchange().expectStatus().isOk();
	}

	@Test
	void answersUnknownResourcesWithNotFound() {
		String unknown = UUID.randomUUID().toString();
		assertError(this.tenant.get("/v2/images/" + unknown), HttpStatus.NOT_FOUND, "IMG.0027");
		assertError(this.tenant.get(this.servers + "/" + unknown), HttpStatus.NOT_FOUND, "Ecs.0404");
		assertError(this.tenant.get("/v1/" + this.tenant.projectId + "/jobs/" + unknown), HttpStatus.NOT_FOUND,
				"IMS.0044");
		assertError(this.tenant.get("/v2/no-such-thing"), HttpStatus.NOT_FOUND, "IMS.0404");
	}

	@Test
	void refusesServersFromUnknownImagesOrFlavors() {
		assertError(create(UUID.randomUUID().toString(), "s6.small.1", "vm", 1), HttpStatus.BAD_REQUEST, "Ecs.0114");
		assertError(create("not-an-id", "s6.small.1", "vm", 1), HttpStatus.BAD_REQUEST, "Ecs.0114");
		assertError(create(this.tenant.baseImageId(), "m9.huge", "vm", 1), HttpStatus.BAD_REQUEST, "Ecs.0039");
	}

	@Test
	void refusesServersFromAnImageThatIsNotActive() {
		Image queued = images().insertIfAbsent(anImage(ImageStatus.QUEUED), FIXTURE).block();

		assertError(create(queued.id().value(), "s6.small.1", "vm", 1), HttpStatus.CONFLICT, "Ecs.0115");
	}

	@Test
	void refusesInvalidNamesAndCounts() {
		String image = this.tenant.baseImageId();
		assertError(create(image, "s6.small.1", "bad name!", 1), HttpStatus.BAD_REQUEST, "Ecs.0005");
		assertError(create(image, "s6.small.1", "vm", 0), HttpStatus.BAD_REQUEST, "Ecs.0005");
		assertError(create(image, "s6.small.1", "vm", 501), HttpStatus.BAD_REQUEST, "Ecs.0005");
		assertError(this.tenant.post("/v2/cloudimages/action", "{\"name\":\" padded \",\"instance_id\":\""
				+ UUID.randomUUID() + "\"}"), HttpStatus.BAD_REQUEST, "IMG.0001");
	}

	@Test
	void refusesMalformedJsonAndUnknownFields() {
		assertError(this.tenant.post(this.servers, "{\"server\":"), HttpStatus.BAD_REQUEST, "IMS.0400");
		assertError(this.tenant.post(this.servers, "{\"server\":{\"imageRef\":1,\"count\":\"many\"}}"),
				HttpStatus.BAD_REQUEST, "IMS.0400");
		assertError(this.tenant.post(this.servers, """
				{"server":{"imageRef":"%s","flavorRef":"s6.small.1","name":"vm","colour":"red"}}"""
			.formatted(this.tenant.baseImageId())), HttpStatus.BAD_REQUEST, "Ecs.0005");
	}

	@Test
	void refusesToCaptureAnEcsWhoseStateForbidsIt() {
		Server broken = servers().insertIfAbsent(anEcs(this.tenant.projectId), FIXTURE).block();

		assertError(this.tenant.post("/v2/cloudimages/action",
				"{\"name\":\"img\",\"instance_id\":\"" + broken.id().value() + "\"}"), HttpStatus.CONFLICT, "Ecs.0406");
	}

	@Test
	void validatesADryRunWithoutCreatingAnything() {
		this.tenant.http.post().uri(this.servers).header("X-Auth-Token", this.tenant.token)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"dry_run\":true,\"server\":{\"imageRef\":\"" + this.tenant.baseImageId()
					+ "\",\"flavorRef\":\"s6.small.1\",\"name\":\"dry\",\"count\":2}}")
			.exchange()
			.expectStatus().isAccepted()
			.expectBody().jsonPath("$.dry_run").isEqualTo("passed");
		this.tenant.get(this.servers + "/detail?name=dry").expectStatus().isOk().expectBody()
			.jsonPath("$.count").isEqualTo(0);
	}

	@Test
	void echoesTheRequestIdOnEveryResponse() {
		this.tenant.http.get().uri("/v2/images/" + UUID.randomUUID()).header("X-Auth-Token", this.tenant.token)
			.header("X-Request-Id", "trace-42").exchange()
			.expectHeader().valueEquals("X-Request-Id", "trace-42")
			.expectBody().jsonPath("$.error.request_id").isEqualTo("trace-42");
	}

	private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec create(String image, String flavor,
			String name, int count) {
		return this.tenant.post(this.servers, """
				{"server":{"imageRef":"%s","flavorRef":"%s","name":"%s","count":%d}}"""
			.formatted(image, flavor, name, count));
	}

	private static String forgedToken() {
		// Signed by a key the stack does not know: a fresh data directory generates its own.
		try {
			java.nio.file.Path elsewhere = java.nio.file.Files.createTempDirectory("forged");
			return cloud.ims.standalone.keys.SecurityMaterial.ensure(elsewhere).tokenIssuer()
				.issue("p", "mallory", true, java.time.Duration.ofHours(1));
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Images images() {
		return TestStack.get().stack().gateway().getBean(Images.class);
	}

	private static Servers servers() {
		return TestStack.get().stack().gateway().getBean(Servers.class);
	}

	private Image anImage(ImageStatus status) {
		Instant now = Instant.now();
		return new Image(ImageId.newId(), "pending", status, Visibility.PRIVATE, this.tenant.projectId, false, List.of(),
				"bare", 1, 0, null, null, "Linux", null, null, "64", null, "upload", Map.of(), null, now, now, 0);
	}

	private static Server anEcs(String projectId) {
		Server building = Server.building(ServerId.newId(), "broken", projectId, "alice", ImageId.newId(),
				new Flavor("s6.small.1", "s6.small.1", 1, 1024, 10), 10, Map.of(), null, UUID.randomUUID().toString(),
				Instant.now());
		return building.failed(new Fault("Ecs.0500", "simulated"), Instant.now()).orElseThrow();
	}

}
