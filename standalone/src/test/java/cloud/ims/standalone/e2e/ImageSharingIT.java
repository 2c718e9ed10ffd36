package cloud.ims.standalone.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import cloud.ims.standalone.events.EventLog;
import cloud.ims.standalone.events.EventLog.Event;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sharing an image between projects over the API, end to end: a member sees a shared image once it accepts it and
 * creates ECSs from it in its own project (its compute quota, not the owner's image quota); removing the member
 * stops new ECSs while those it made keep running; an image members accepted cannot be deleted; other projects
 * never see it, and a member can neither manage its members nor change or delete it. Member projects are real
 * projects of the stack's Keystone.
 */
class ImageSharingIT {

	private final Tenant owner = Tenant.newProject();

	private final Tenant member = registered(Tenant.newProject());

	private final Tenant stranger = registered(Tenant.newProject());

	@Test
	void letsAMemberCreateEcssFromTheImageOnceItAcceptedItInItsOwnProject() {
		String image = capturedImage(this.owner, "shared-for-ecs");
		int ownerImages = this.owner.imageQuotaUsed();

		Map<String, Object> added = this.owner.json(this.owner.post(members(image), member(this.member)), HttpStatus.OK);

		assertThat(added).containsOnlyKeys("image_id", "member_id", "status", "created_at", "updated_at", "schema")
			.containsEntry("image_id", image)
			.containsEntry("member_id", this.member.projectId)
			.containsEntry("status", "pending")
			.containsEntry("schema", "/v2/schemas/member");
		assertThat(this.owner.json(this.owner.get("/v2/images/" + image), HttpStatus.OK))
			.containsEntry("visibility", "shared")
			.containsEntry("__imagetype", "private");
		assertThat(listed(this.member, "/v2/images")).as("pending: not listed by default").doesNotContain(image);
		assertThat(listed(this.member, "/v2/images?member_status=pending")).contains(image);
		assertThat(this.member.json(this.member.get("/v2/images/" + image), HttpStatus.OK))
			.containsEntry("visibility", "shared")
			.containsEntry("__imagetype", "shared")
			.containsEntry("owner", this.owner.projectId);
		assertError(this.member.post(servers(this.member), server(image, 1)), HttpStatus.FORBIDDEN, "Ecs.0121");

		Map<String, Object> accepted = this.member.json(put(this.member, members(image) + "/" + this.member.projectId,
				"{\"status\":\"accepted\"}"), HttpStatus.OK);

		assertThat(accepted).containsEntry("status", "accepted");
		assertThat(listed(this.member, "/v2/images")).contains(image);
		assertThat(listed(this.member, "/v2/cloudimages?__imagetype=shared")).containsExactly(image);
		assertThat(listed(this.member, "/v2/cloudimages?__imagetype=private")).doesNotContain(image);
		assertThat(listed(this.owner, "/v2/cloudimages?__imagetype=private")).contains(image);
		assertThat(listed(this.owner, "/v2/cloudimages?__imagetype=shared")).doesNotContain(image);

		Map<String, Object> created = this.member.createServers(image, "from-shared", 2);
		Map<String, Object> job = this.member.awaitJob((String) created.get("job_id"));

		assertThat(job).as("%s", job).containsEntry("status", "SUCCESS");
		assertThat(this.member.json(this.member.get(servers(this.member) + "/detail?image_id=" + image), HttpStatus.OK))
			.containsEntry("count", 2);
		assertThat(this.owner.json(this.owner.get(servers(this.owner) + "/detail?image_id=" + image), HttpStatus.OK))
			.containsEntry("count", 0);
		assertThat(absolute(this.member)).containsEntry("totalInstancesUsed", 2);
		assertThat(this.owner.imageQuotaUsed()).as("the owner's image quota").isEqualTo(ownerImages);
		assertThat(this.member.imageQuotaUsed()).as("the member's image quota").isZero();
	}

	@Test
	@SuppressWarnings("unchecked")
	void stopsNewEcssOnceTheMemberIsRemovedAndLeavesItsEcssRunning() {
		String image = capturedImage(this.owner, "shared-then-removed");
		share(image, this.member);
		Map<String, Object> created = this.member.createServers(image, "kept", 1);
		assertThat(this.member.awaitJob((String) created.get("job_id"))).containsEntry("status", "SUCCESS");
		String server = ((List<String>) created.get("serverIds")).get(0);

		this.owner.http.delete().uri(members(image) + "/" + this.member.projectId)
			.header("X-Auth-Token", this.owner.token)
			.exchange()
			.expectStatus()
			.isNoContent();

		assertError(this.member.post(servers(this.member), server(image, 1)), HttpStatus.BAD_REQUEST, "Ecs.0114");
		assertError(this.member.get("/v2/images/" + image), HttpStatus.NOT_FOUND, "IMG.0027");
		assertThat(listed(this.member, "/v2/images?member_status=all")).doesNotContain(image);
		assertThat(serverStatus(this.member, server)).isEqualTo("ACTIVE");
		assertThat(this.owner.json(this.owner.get(members(image)), HttpStatus.OK)).containsEntry("members", List.of());
		assertThat(this.owner.json(this.owner.get("/v2/images/" + image), HttpStatus.OK))
			.as("it stays shared, as in Glance").containsEntry("visibility", "shared");
	}

	@Test
	@SuppressWarnings("unchecked")
	void refusesToDeleteAnImageMembersAcceptedNamingThemAndLeavesItAsItWas() {
		String image = capturedImage(this.owner, "shared-not-deleted");
		share(image, this.member);
		this.owner.json(this.owner.post(members(image), member(this.stranger)), HttpStatus.OK);
		Map<String, Object> before = this.owner.json(this.owner.get("/v2/images/" + image), HttpStatus.OK);

		Map<String, Object> refused = this.owner.json(this.owner.http.delete().uri("/v2/images/" + image)
			.header("X-Auth-Token", this.owner.token)
			.exchange(), HttpStatus.CONFLICT);

		Map<String, Object> error = (Map<String, Object>) refused.get("error");
		assertThat(error).containsEntry("code", "IMG.0709");
		assertThat((String) error.get("message")).contains(this.member.projectId).doesNotContain(this.stranger.projectId);
		assertThat(this.owner.json(this.owner.get("/v2/images/" + image), HttpStatus.OK)).isEqualTo(before);
		assertThat(this.owner.json(this.owner.get(members(image)), HttpStatus.OK).get("members"))
			.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
			.extracting((entry) -> ((Map<String, Object>) entry).get("member_id") + " "
					+ ((Map<String, Object>) entry).get("status"))
			.containsExactly(this.member.projectId + " accepted", this.stranger.projectId + " pending");
		assertThat(this.member.json(this.member.get("/v2/images/" + image), HttpStatus.OK)).containsEntry("status",
				"active");
	}

	@Test
	@SuppressWarnings("unchecked")
	void hidesTheImageFromOtherProjectsAndKeepsMembersFromManagingOrChangingIt() {
		String image = ImageFixture.anActivePrivateImage(this.owner.projectId, "shared-guarded").id().value();
		share(image, this.member);

		assertError(this.stranger.get("/v2/images/" + image), HttpStatus.NOT_FOUND, "IMG.0027");
		assertError(this.stranger.get(members(image)), HttpStatus.NOT_FOUND, "IMG.0027");
		assertThat(listed(this.stranger, "/v2/images?member_status=all")).doesNotContain(image);
		assertThat(listed(this.stranger, "/v2/cloudimages?__imagetype=shared&member_status=all")).isEmpty();
		assertError(this.stranger.post(servers(this.stranger), server(image, 1)), HttpStatus.BAD_REQUEST, "Ecs.0114");

		assertError(this.member.post(members(image), member(this.stranger)), HttpStatus.FORBIDDEN, "IMG.0703");
		assertError(this.member.http.delete().uri(members(image) + "/" + this.member.projectId)
			.header("X-Auth-Token", this.member.token).exchange(), HttpStatus.FORBIDDEN, "IMG.0703");
		assertError(this.member.http.delete().uri("/v2/images/" + image).header("X-Auth-Token", this.member.token)
			.exchange(), HttpStatus.FORBIDDEN, "IMG.0711");
		assertError(this.member.http.patch().uri("/v2/images/" + image).header("X-Auth-Token", this.member.token)
			.contentType(MediaType.parseMediaType("application/openstack-images-v2.1-json-patch"))
			.bodyValue("[{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"taken\"}]")
			.exchange(), HttpStatus.FORBIDDEN, "IMG.0711");
		assertError(put(this.owner, members(image) + "/" + this.member.projectId, "{\"status\":\"rejected\"}"),
				HttpStatus.FORBIDDEN, "IMG.0704");
		assertError(put(this.member, members(image) + "/" + this.stranger.projectId, "{\"status\":\"accepted\"}"),
				HttpStatus.FORBIDDEN, "IMG.0704");

		assertThat((List<Map<String, Object>>) this.member.json(this.member.get(members(image)), HttpStatus.OK)
			.get("members")).as("a member sees its own membership only")
			.extracting((entry) -> entry.get("member_id"))
			.containsExactly(this.member.projectId);
		assertThat(this.owner.json(this.owner.get("/v2/images/" + image), HttpStatus.OK)).containsEntry("name",
				"shared-guarded");
	}

	@Test
	void refusesWhatGlanceRefusesWithClearCodes() {
		String image = ImageFixture.anActivePrivateImage(this.owner.projectId, "shared-refusals").id().value();
		String publicImage = ImageFixture.anActivePublicImage("public-not-shared").id().value();
		Tenant admin = Tenant.newProject(true);

		assertError(this.owner.post(members(image), "{\"member\":\"no-such-project\"}"), HttpStatus.BAD_REQUEST,
				"IMG.0708");
		assertError(this.owner.post(members(image), "{\"member\":\"" + this.owner.projectId + "\"}"),
				HttpStatus.BAD_REQUEST, "IMG.0708");
		assertError(this.owner.post(members(image), "{}"), HttpStatus.BAD_REQUEST, "IMG.0707");
		this.owner.json(this.owner.post(members(image), member(this.member)), HttpStatus.OK);
		assertError(this.owner.post(members(image), member(this.member)), HttpStatus.CONFLICT, "IMG.0706");
		assertError(put(this.member, members(image) + "/" + this.member.projectId, "{\"status\":\"maybe\"}"),
				HttpStatus.BAD_REQUEST, "IMG.0707");
		assertError(this.owner.get(members(image) + "/" + this.stranger.projectId), HttpStatus.NOT_FOUND, "IMG.0705");
		assertError(admin.post(members(publicImage), member(this.member)), HttpStatus.CONFLICT, "IMG.0702");
		assertError(this.owner.http.patch().uri("/v2/images/" + image).header("X-Auth-Token", this.owner.token)
			.contentType(MediaType.parseMediaType("application/openstack-images-v2.1-json-patch"))
			.bodyValue("[{\"op\":\"replace\",\"path\":\"/visibility\",\"value\":\"private\"}]")
			.exchange(), HttpStatus.CONFLICT, "IMG.0712");
	}

	@Test
	void boundsAnImagesMembers() {
		String image = ImageFixture.anActivePrivateImage(this.owner.projectId, "shared-full").id().value();
		List<String> projects = IntStream.range(0, 128)
			.mapToObj((index) -> registered(Tenant.newProject()).projectId)
			.toList();
		Map<String, Object> accepted = this.owner.json(this.owner.post("/v1/cloudimages/members",
				"{\"images\":[\"%s\"],\"projects\":[%s]}".formatted(image,
						String.join(",", projects.stream().map((project) -> "\"" + project + "\"").toList()))),
				HttpStatus.OK);
		assertThat(this.owner.awaitJob((String) accepted.get("job_id"))).containsEntry("status", "SUCCESS");

		assertError(this.owner.post(members(image), member(this.member)), HttpStatus.CONTENT_TOO_LARGE, "IMG.0701");

		this.owner.http.delete().uri(members(image) + "/" + projects.get(0))
			.header("X-Auth-Token", this.owner.token).exchange().expectStatus().isNoContent();
		this.owner.json(this.owner.post(members(image), member(this.member)), HttpStatus.OK);
	}

	@Test
	void reportsEveryMembershipChangeAsOneEventOfTheImage() {
		String image = ImageFixture.anActivePrivateImage(this.owner.projectId, "shared-events").id().value();

		this.owner.json(this.owner.post(members(image), member(this.member)), HttpStatus.OK);
		this.member.json(put(this.member, members(image) + "/" + this.member.projectId, "{\"status\":\"accepted\"}"),
				HttpStatus.OK);
		this.member.json(put(this.member, members(image) + "/" + this.member.projectId, "{\"status\":\"accepted\"}"),
				HttpStatus.OK);
		this.owner.http.delete().uri(members(image) + "/" + this.member.projectId)
			.header("X-Auth-Token", this.owner.token).exchange().expectStatus().isNoContent();

		// Created, added, accepted, removed; the second acceptance changed nothing.
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> assertThat(
				EventLog.read(TestStack.get().bootstrapServers(), Set.of(this.owner.projectId, this.member.projectId))
					.of("image " + image))
			.extracting(Event::version)
			.containsExactly(1L, 2L, 3L, 4L));
	}

	/** Adds the project as a member and accepts the image as that project. */
	private void share(String image, Tenant to) {
		this.owner.json(this.owner.post(members(image), member(to)), HttpStatus.OK);
		to.json(put(to, members(image) + "/" + to.projectId, "{\"status\":\"accepted\"}"), HttpStatus.OK);
	}

	/** Captures an ECS of the tenant into a new private image with data, and answers its id. */
	@SuppressWarnings("unchecked")
	private static String capturedImage(Tenant tenant, String name) {
		String server = tenant.activeServer(name + "-source");
		Map<String, Object> accepted = tenant.json(tenant.post("/v2/cloudimages/action",
				"{\"name\":\"%s\",\"instance_id\":\"%s\"}".formatted(name, server)), HttpStatus.ACCEPTED);
		Map<String, Object> job = tenant.awaitJob((String) accepted.get("job_id"));
		assertThat(job).containsEntry("status", "SUCCESS");
		return (String) ((Map<String, Object>) job.get("entities")).get("image_id");
	}

	/** Registers the tenant's project in the stack's Keystone, so that images can be shared with it. */
	static Tenant registered(Tenant tenant) {
		TestStack stack = TestStack.get();
		stack.client().post().uri("/v3/projects")
			.header("X-Auth-Token", stack.token("admin", "e2e-admin", true))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"project\":{\"id\":\"%s\",\"name\":\"%s\"}}".formatted(tenant.projectId, tenant.projectId))
			.exchange()
			.expectStatus()
			.isCreated();
		return tenant;
	}

	@SuppressWarnings("unchecked")
	private static List<String> listed(Tenant tenant, String path) {
		return ((List<Map<String, Object>>) tenant.json(tenant.get(path), HttpStatus.OK).get("images")).stream()
			.map((image) -> (String) image.get("id"))
			.toList();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> absolute(Tenant tenant) {
		return (Map<String, Object>) tenant.json(tenant.get(servers(tenant) + "/limits"), HttpStatus.OK).get("absolute");
	}

	@SuppressWarnings("unchecked")
	private static String serverStatus(Tenant tenant, String server) {
		return (String) ((Map<String, Object>) tenant.json(tenant.get(servers(tenant) + "/" + server), HttpStatus.OK)
			.get("server")).get("status");
	}

	private static WebTestClient.ResponseSpec put(Tenant tenant, String path, String json) {
		return tenant.http.put()
			.uri(path)
			.header("X-Auth-Token", tenant.token)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(json)
			.exchange();
	}

	private static String members(String image) {
		return "/v2/images/" + image + "/members";
	}

	private static String member(Tenant tenant) {
		return "{\"member\":\"" + tenant.projectId + "\"}";
	}

	private static String servers(Tenant tenant) {
		return "/v1/" + tenant.projectId + "/cloudservers";
	}

	private static String server(String image, int count) {
		return """
				{"server":{"imageRef":"%s","flavorRef":"s6.small.1","name":"x","count":%d}}""".formatted(image, count);
	}

	private static void assertError(WebTestClient.ResponseSpec response, HttpStatus status, String code) {
		IsolationIT.assertError(response, status, code);
	}

}
