package cloud.ims.standalone.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The write half of tenant isolation: every mutating route of both dialects and the console, sent by each kind of
 * caller at a victim project's resources, with the exact status each answers; after every refused request the victim's
 * state, read back by its owner, is exactly what it was. The refused callers share one set of victim resources; the
 * same project's member, whose requests succeed, gets fresh ones.
 */
class WriteIsolationIT {

	private static final Logger log = LoggerFactory.getLogger(WriteIsolationIT.class);

	enum Caller {
		/** A member of another project, naming the victim's resources by id (and its own project in paths). */
		OTHER_MEMBER,
		/** Another member of the victim's project: succeeds where the domain allows it. */
		SAME_MEMBER,
		/** An admin, but of another project. */
		OTHER_ADMIN,
		/** The owner's own identity, signed by the right key, expired an hour ago. */
		EXPIRED,
		/** The owner's own identity, signed by the right key, issued by someone else. */
		WRONG_ISSUER,
		/** The owner's own identity, signed by the right key, for another audience. */
		WRONG_AUDIENCE
	}

	/** The victim resources a request names, and the caller's own project. */
	record Target(String project, String image, String server, String member, String callerProject,
			String unsharedImage) {
	}

	enum Kind {
		API, CONSOLE
	}

	record Request(Kind kind, HttpMethod method, String path, MediaType type, Object body) {
	}

	/**
	 * One mutating route: how to build its request against a target, whether it needs an ECS, and the status each
	 * caller gets (admin-only routes have no cell for another project's admin, who is an admin).
	 */
	record Route(String name, boolean needsServer, Function<Target, Request> request, Map<Caller, Integer> expected) {

		@Override
		public String toString() {
			return this.name;
		}
	}

	private static final MediaType GLANCE_PATCH = MediaType.parseMediaType("application/openstack-images-v2.1-json-patch");

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	private static final AtomicInteger TRIED = new AtomicInteger();

	private static final AtomicInteger REFUSED = new AtomicInteger();

	private static final AtomicInteger CHANGED = new AtomicInteger();

	private static final Map<String, Map<Caller, Integer>> OBSERVED = new LinkedHashMap<>();

	private static Tenant owner;

	private static String sameMemberToken;

	private static Tenant otherMember;

	private static Tenant otherAdmin;

	private static Target victim;

	/** An existing project that no image is shared with, for the requests that would share one with it. */
	private static String bystander;

	static Stream<Arguments> cells() {
		List<Arguments> cells = new ArrayList<>();
		for (Route route : routes()) {
			for (Map.Entry<Caller, Integer> expected : route.expected().entrySet()) {
				cells.add(Arguments.of(route, expected.getKey(), expected.getValue()));
			}
		}
		return cells.stream();
	}

	static List<Route> routes() {
		return List.of(
				// Glance images, tags, members, data and lifecycle.
				route("POST /v2/images", false,
						(t) -> api(HttpMethod.POST, "/v2/images", "{\"name\":\"intruder\",\"disk_format\":\"qcow2\",\"container_format\":\"bare\"}"),
						201, 201, 201),
				route("PATCH /v2/images/{id}", false,
						(t) -> new Request(Kind.API, HttpMethod.PATCH, "/v2/images/" + t.image(), GLANCE_PATCH,
								"[{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"hijacked\"}]"),
						404, 200, 404),
				route("DELETE /v2/images/{id}", false, (t) -> api(HttpMethod.DELETE, "/v2/images/" + t.image(), null),
						404, 204, 404),
				route("PUT /v2/images/{id}/tags/{tag}", false,
						(t) -> api(HttpMethod.PUT, "/v2/images/" + t.image() + "/tags/hijacked", null), 404, 204, 404),
				route("DELETE /v2/images/{id}/tags/{tag}", false,
						(t) -> api(HttpMethod.DELETE, "/v2/images/" + t.image() + "/tags/victim", null), 404, 204, 404),
				route("POST /v2/images/{id}/members", false,
						(t) -> api(HttpMethod.POST, "/v2/images/" + t.image() + "/members",
								"{\"member\":\"" + bystander + "\"}"),
						404, 200, 404),
				route("PUT /v2/images/{id}/members/{member}", false,
						(t) -> api(HttpMethod.PUT, "/v2/images/" + t.image() + "/members/" + t.member(),
								"{\"status\":\"accepted\"}"),
						404, 403, 404),
				route("DELETE /v2/images/{id}/members/{member}", false,
						(t) -> api(HttpMethod.DELETE, "/v2/images/" + t.image() + "/members/" + t.member(), null), 404,
						204, 404),
				route("PUT /v2/images/{id}/file", false,
						(t) -> new Request(Kind.API, HttpMethod.PUT, "/v2/images/" + t.image() + "/file",
								MediaType.APPLICATION_OCTET_STREAM, new byte[512]),
						404, 409, 404),
				route("PUT /v2/images/{id}/stage", false,
						(t) -> new Request(Kind.API, HttpMethod.PUT, "/v2/images/" + t.image() + "/stage",
								MediaType.APPLICATION_OCTET_STREAM, new byte[512]),
						404, 409, 404),
				route("POST /v2/images/{id}/import", false,
						(t) -> api(HttpMethod.POST, "/v2/images/" + t.image() + "/import",
								"{\"method\":{\"name\":\"web-download\",\"uri\":\"http://localhost:1/x.qcow2\"}}"),
						404, 409, 404),
				route("POST /v2/images/{id}/actions/deactivate", false,
						(t) -> api(HttpMethod.POST, "/v2/images/" + t.image() + "/actions/deactivate", null), 404, 204,
						404),
				route("POST /v2/images/{id}/actions/reactivate", false,
						(t) -> api(HttpMethod.POST, "/v2/images/" + t.image() + "/actions/reactivate", null), 404, 204,
						404),
				// Huawei images, tags, members, frequently used, copy and export.
				route("POST /v2/cloudimages/action (from the victim's ECS)", true,
						(t) -> api(HttpMethod.POST, "/v2/cloudimages/action",
								"{\"name\":\"stolen\",\"instance_id\":\"" + t.server() + "\"}"),
						400, 202, 400),
				route("PATCH /v2/images/{unshared id} (publish)", false,
						(t) -> new Request(Kind.API, HttpMethod.PATCH, "/v2/images/" + t.unsharedImage(), GLANCE_PATCH,
								"[{\"op\":\"replace\",\"path\":\"/visibility\",\"value\":\"public\"}]"),
						404, 403, 404),
				route("PATCH /v2/cloudimages/{id}", false,
						(t) -> api(HttpMethod.PATCH, "/v2/cloudimages/" + t.image(),
								"[{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"hijacked\"}]"),
						404, 200, 404),
				route("POST /v2/{own project}/images/{id}/tags", false,
						(t) -> api(HttpMethod.POST, "/v2/" + t.callerProject() + "/images/" + t.image() + "/tags",
								"{\"tag\":{\"key\":\"hijacked\",\"value\":\"yes\"}}"),
						404, 204, 404),
				route("POST /v2/{victim project}/images/{id}/tags", false,
						(t) -> api(HttpMethod.POST, "/v2/" + t.project() + "/images/" + t.image() + "/tags",
								"{\"tag\":{\"key\":\"hijacked\",\"value\":\"yes\"}}"),
						403, 204, 403),
				route("POST /v2/{own project}/images/{id}/tags/action", false,
						(t) -> api(HttpMethod.POST, "/v2/" + t.callerProject() + "/images/" + t.image() + "/tags/action",
								"{\"action\":\"delete\",\"tags\":[{\"key\":\"owner\",\"value\":\"victim\"}]}"),
						404, 204, 404),
				route("DELETE /v2/{own project}/images/{id}/tags/{key}", false,
						(t) -> api(HttpMethod.DELETE,
								"/v2/" + t.callerProject() + "/images/" + t.image() + "/tags/owner", null),
						404, 204, 404),
				route("POST /v1/cloudimages/members", false,
						(t) -> api(HttpMethod.POST, "/v1/cloudimages/members",
								"{\"images\":[\"" + t.image() + "\"],\"projects\":[\"" + bystander + "\"]}"),
						200, 200, 200),
				route("PUT /v1/cloudimages/members", false,
						(t) -> api(HttpMethod.PUT, "/v1/cloudimages/members", "{\"images\":[\"" + t.image()
								+ "\"],\"project_id\":\"" + t.callerProject() + "\",\"status\":\"accepted\"}"),
						200, 200, 200),
				route("DELETE /v1/cloudimages/members", false,
						(t) -> api(HttpMethod.DELETE, "/v1/cloudimages/members",
								"{\"images\":[\"" + t.image() + "\"],\"projects\":[\"" + t.member() + "\"]}"),
						200, 200, 200),
				route("PUT /v1/cloudimages/frequently-used/{id}", false,
						(t) -> api(HttpMethod.PUT, "/v1/cloudimages/frequently-used/" + t.image(), null), 404, 204, 404),
				route("DELETE /v1/cloudimages/frequently-used/{id}", false,
						(t) -> api(HttpMethod.DELETE, "/v1/cloudimages/frequently-used/" + t.image(), null), 204, 204,
						204),
				route("POST /v1/cloudimages/{id}/copy", false,
						(t) -> api(HttpMethod.POST, "/v1/cloudimages/" + t.image() + "/copy", "{\"name\":\"stolen-copy\"}"),
						404, 202, 404),
				route("POST /v1/cloudimages/{id}/file (export)", false,
						(t) -> api(HttpMethod.POST, "/v1/cloudimages/" + t.image() + "/file",
								"{\"bucket_url\":\"https://localhost:1/stolen.qcow2\",\"file_format\":\"qcow2\"}"),
						404, 202, 404),
				// ECSs: creation from the victim's image, actions and deletion.
				route("POST /v1/{own project}/cloudservers (from the victim's image)", false,
						(t) -> api(HttpMethod.POST, "/v1/" + t.callerProject() + "/cloudservers",
								"{\"server\":{\"imageRef\":\"" + t.image() + "\",\"flavorRef\":\"s6.small.1\",\"name\":\"x\"}}"),
						400, 202, 400),
				route("POST /v1.1/{own project}/cloudservers (from the victim's image)", false,
						(t) -> api(HttpMethod.POST, "/v1.1/" + t.callerProject() + "/cloudservers",
								"{\"server\":{\"imageRef\":\"" + t.image() + "\",\"flavorRef\":\"s6.small.1\",\"name\":\"x\"}}"),
						400, 202, 400),
				route("POST /v1/{own project}/cloudservers/action os-stop", true,
						(t) -> api(HttpMethod.POST, "/v1/" + t.callerProject() + "/cloudservers/action",
								"{\"os-stop\":{\"servers\":[{\"id\":\"" + t.server() + "\"}]}}"),
						404, 202, 404),
				route("POST /v1/{victim project}/cloudservers/action os-stop", true,
						(t) -> api(HttpMethod.POST, "/v1/" + t.project() + "/cloudservers/action",
								"{\"os-stop\":{\"servers\":[{\"id\":\"" + t.server() + "\"}]}}"),
						403, 202, 403),
				route("POST /v1/{own project}/cloudservers/delete", true,
						(t) -> api(HttpMethod.POST, "/v1/" + t.callerProject() + "/cloudservers/delete",
								"{\"servers\":[{\"id\":\"" + t.server() + "\"}]}"),
						404, 202, 404),
				route("POST /v1/{victim project}/cloudservers/delete", true,
						(t) -> api(HttpMethod.POST, "/v1/" + t.project() + "/cloudservers/delete",
								"{\"servers\":[{\"id\":\"" + t.server() + "\"}]}"),
						403, 202, 403),
				// The console's form posts.
				route("console POST /console/images/{id}/star", false,
						(t) -> console("/console/images/" + t.image() + "/star", Map.of()), 404, 200, 404),
				route("console POST /console/images/{id}/edit", false,
						(t) -> console("/console/images/" + t.image() + "/edit",
								Map.of("name", "hijacked", "description", "", "min_disk", "1", "tags", "")),
						404, 200, 404),
				route("console POST /console/images/{id}/delete", false,
						(t) -> console("/console/images/" + t.image() + "/delete", Map.of()), 404, 200, 404),
				route("console POST /console/images/{id}/members", false,
						(t) -> console("/console/images/" + t.image() + "/members", Map.of("projects", bystander)),
						404, 200, 404),
				route("console POST /console/images/{id}/members/{member}/remove", false,
						(t) -> console("/console/images/" + t.image() + "/members/" + t.member() + "/remove", Map.of()),
						404, 200, 404),
				route("console POST /console/images/{shared id}/visibility (publish)", false,
						(t) -> console("/console/images/" + t.image() + "/visibility?value=public", Map.of()), 404, 409,
						404),
				route("console POST /console/images/{unshared id}/visibility (publish)", false,
						(t) -> console("/console/images/" + t.unsharedImage() + "/visibility?value=public", Map.of()), 404,
						403, 404),
				route("console POST /console/images/{id}/answer", false,
						(t) -> console("/console/images/" + t.image() + "/answer?status=accepted", Map.of()), 404, 404,
						404),
				route("console POST /console/images/{id}/servers (from the victim's image)", false,
						(t) -> console("/console/images/" + t.image() + "/servers",
								Map.of("name", "intruder", "flavor", "s6.small.1", "count", "1", "mode", "")),
						400, 200, 400),
				route("console POST /console/images/new/from-server (from the victim's ECS)", true,
						(t) -> console("/console/images/new/from-server",
								Map.of("name", "stolen", "description", "", "instance_id", t.server())),
						400, 200, 400),
				route("console POST /console/servers/stop", true,
						(t) -> console("/console/servers/stop", Map.of("ids", t.server())), 404, 200, 404),
				route("console POST /console/servers/delete", true,
						(t) -> console("/console/servers/delete", Map.of("ids", t.server())), 404, 200, 404),
				// Admin-only routes: a member gets 403 (another project's admin is an admin: not a refused caller).
				adminOnly("PUT /v1/admin/quotas/{victim project}", (t) -> api(HttpMethod.PUT,
						"/v1/admin/quotas/" + t.project(), "{\"images\":1,\"instances\":1,\"cores\":1,\"ram_mb\":1024}")),
				adminOnly("POST /v3/projects", (t) -> api(HttpMethod.POST, "/v3/projects",
						"{\"project\":{\"name\":\"intruder-" + t.callerProject() + "\"}}")),
				adminOnly("POST /v3/users", (t) -> api(HttpMethod.POST, "/v3/users",
						"{\"user\":{\"name\":\"intruder-" + t.callerProject() + "\",\"password\":\"Secret-123456\"}}")));
	}

	private static Route route(String name, boolean needsServer, Function<Target, Request> request, int otherMember,
			int sameMember, int otherAdmin) {
		Map<Caller, Integer> expected = new EnumMap<>(Caller.class);
		expected.put(Caller.OTHER_MEMBER, otherMember);
		expected.put(Caller.SAME_MEMBER, sameMember);
		expected.put(Caller.OTHER_ADMIN, otherAdmin);
		expected.put(Caller.EXPIRED, 401);
		expected.put(Caller.WRONG_ISSUER, 401);
		expected.put(Caller.WRONG_AUDIENCE, 401);
		return new Route(name, needsServer, request, expected);
	}

	private static Route adminOnly(String name, Function<Target, Request> request) {
		Map<Caller, Integer> expected = new EnumMap<>(Caller.class);
		expected.put(Caller.OTHER_MEMBER, 403);
		expected.put(Caller.SAME_MEMBER, 403);
		expected.put(Caller.EXPIRED, 401);
		expected.put(Caller.WRONG_ISSUER, 401);
		expected.put(Caller.WRONG_AUDIENCE, 401);
		return new Route(name + " (admin only)", false, request, expected);
	}

	private static Request api(HttpMethod method, String path, String json) {
		return new Request(Kind.API, method, path, MediaType.APPLICATION_JSON, json);
	}

	private static Request console(String path, Map<String, String> form) {
		return new Request(Kind.CONSOLE, HttpMethod.POST, path, MediaType.APPLICATION_FORM_URLENCODED, form);
	}

	@ParameterizedTest(name = "{0} by {1}: {2}")
	@MethodSource("cells")
	void answersEachCallerExactlyAndChangesNothingItRefuses(Route route, Caller caller, int expected) {
		Target shared = victim();
		boolean refused = caller != Caller.SAME_MEMBER;
		Target target = refused ? shared : freshTarget(route.needsServer());
		String callerProject = switch (caller) {
			case OTHER_MEMBER -> otherMember.projectId;
			case OTHER_ADMIN -> otherAdmin.projectId;
			default -> owner.projectId;
		};
		target = new Target(target.project(), target.image(), target.server(), target.member(), callerProject,
				target.unsharedImage());
		Map<String, Object> before = state(shared);

		EntityExchangeResult<byte[]> response = send(route.request().apply(target), token(caller));
		TRIED.incrementAndGet();
		int status = response.getStatus().value();
		synchronized (OBSERVED) {
			OBSERVED.computeIfAbsent(route.name(), (name) -> new EnumMap<>(Caller.class)).put(caller, status);
		}
		String jobStatus = awaitAnyJob(response, caller);
		if (status >= 400) {
			REFUSED.incrementAndGet();
		}
		String body = new String(response.getResponseBodyContent() == null ? new byte[0]
				: response.getResponseBodyContent());

		if (refused) {
			Map<String, Object> after = state(shared);
			if (!after.equals(before)) {
				CHANGED.incrementAndGet();
			}
			assertThat(after).as("the victim's state after %s by %s", route, caller).isEqualTo(before);
		}
		assertThat(status).as("%s by %s answered %s", route, caller, body).isEqualTo(expected);
		if (refused && jobStatus != null) {
			assertThat(jobStatus).as("the job %s by %s started", route, caller).isEqualTo("FAIL");
		}
		if (status == 401 && route.request().apply(target).kind() == Kind.API) {
			assertThat(body).contains("IMS.0401");
		}
	}

	@AfterAll
	static void reportsTheFigures() {
		OBSERVED.forEach((route, statuses) -> log.info("isolation-matrix | {} | {}", route, statuses));
		log.info("isolation-matrix figures: requests tried {}, refused {}, resources changed {}", TRIED.get(),
				REFUSED.get(), CHANGED.get());
		assertThat(TRIED.get()).as("requests tried").isEqualTo(cells().count());
		assertThat(CHANGED.get()).as("resources changed").isZero();
	}

	private static synchronized Target victim() {
		if (victim == null) {
			owner = Tenant.newProject();
			bystander = existingProject(Tenant.newProject().projectId);
			sameMemberToken = TestStack.get().token(owner.projectId, "bob-" + owner.projectId, false);
			otherMember = Tenant.newProject();
			otherAdmin = Tenant.newProject(true);
			victim = freshTarget(true);
			owner.http.put().uri("/v1/cloudimages/frequently-used/" + victim.image())
				.header("X-Auth-Token", owner.token).exchange().expectStatus().isNoContent();
		}
		return victim;
	}

	/** A private image of the victim's project with a Glance tag, a Huawei tag and a member; an ECS if asked. */
	private static Target freshTarget(boolean withServer) {
		String image = ImageFixture.anActivePrivateImage(owner.projectId, "victim-image").id().value();
		String member = existingProject(Tenant.newProject().projectId);
		owner.http.put().uri("/v2/images/" + image + "/tags/victim").header("X-Auth-Token", owner.token).exchange()
			.expectStatus().isNoContent();
		owner.post("/v2/" + owner.projectId + "/images/" + image + "/tags",
				"{\"tag\":{\"key\":\"owner\",\"value\":\"victim\"}}").expectStatus().isNoContent();
		owner.post("/v2/images/" + image + "/members", "{\"member\":\"" + member + "\"}").expectStatus().isOk();
		String server = withServer ? owner.activeServer("victim-ecs") : null;
		String unshared = ImageFixture.anActivePrivateImage(owner.projectId, "victim-unshared").id().value();
		return new Target(owner.projectId, image, server, member, owner.projectId, unshared);
	}

	/** Sharing needs the project to exist in the identity store: the admin API creates it. */
	private static String existingProject(String projectId) {
		TestStack stack = TestStack.get();
		stack.client().post().uri("/v3/projects").header("X-Auth-Token", stack.token("admin", "e2e-admin", true))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"project\":{\"id\":\"%s\",\"name\":\"%s\"}}".formatted(projectId, projectId))
			.exchange().expectStatus().isCreated();
		return projectId;
	}

	private static String token(Caller caller) {
		String user = "alice-" + owner.projectId;
		return switch (caller) {
			case OTHER_MEMBER -> otherMember.token;
			case SAME_MEMBER -> sameMemberToken;
			case OTHER_ADMIN -> otherAdmin.token;
			case EXPIRED -> ForgedTokens.expired(owner.projectId, user);
			case WRONG_ISSUER -> ForgedTokens.wrongIssuer(owner.projectId, user);
			case WRONG_AUDIENCE -> ForgedTokens.wrongAudience(owner.projectId, user);
		};
	}

	/** What the owner reads back: the image, its members, its ECS, the quota and the frequently used images. */
	private static Map<String, Object> state(Target target) {
		Map<String, Object> state = new LinkedHashMap<>();
		state.put("image", read("/v2/images/" + target.image()));
		state.put("huawei image", read("/v2/cloudimages?id=" + target.image()));
		state.put("unshared image", read("/v2/images/" + target.unsharedImage()));
		state.put("members", read("/v2/images/" + target.image() + "/members"));
		state.put("huawei tags", read("/v2/" + target.project() + "/images/" + target.image() + "/tags"));
		state.put("frequently used", read("/v1/cloudimages/frequently-used"));
		state.put("image quota used", imageQuotaUsed());
		state.put("server", serverState(read("/v1/" + target.project() + "/cloudservers/" + target.server())));
		return state;
	}

	/** Its name, status and metadata (the project's other ECSs belong to the same project's member's cells). */
	@SuppressWarnings("unchecked")
	private static Object serverState(Map<String, Object> shown) {
		Map<String, Object> server = (Map<String, Object>) shown.get("server");
		return List.of(String.valueOf(server.get("name")), String.valueOf(server.get("status")),
				String.valueOf(server.get("metadata")), String.valueOf(server.get("OS-EXT-STS:vm_state")));
	}

	/** The images the quota counts; ECS creations of the same project's member's cells are not awaited. */
	private static int imageQuotaUsed() {
		return owner.imageQuotaUsed();
	}

	private static Map<String, Object> read(String path) {
		return owner.json(owner.get(path), HttpStatus.OK);
	}

	@SuppressWarnings("unchecked")
	private static EntityExchangeResult<byte[]> send(Request request, String token) {
		WebTestClient http = owner.http;
		if (request.kind() == Kind.CONSOLE) {
			EntityExchangeResult<String> form = http.get().uri("/console/sign-in").exchange()
				.expectStatus().isOk().expectBody(String.class).returnResult();
			Matcher csrf = CSRF.matcher(form.getResponseBody());
			assertThat(csrf.find()).as("the sign-in form's CSRF token").isTrue();
			ResponseCookie xsrf = form.getResponseCookies().getFirst("XSRF-TOKEN");
			MultiValueMap<String, String> fields = new LinkedMultiValueMap<>();
			fields.add("_csrf", csrf.group(1));
			((Map<String, String>) request.body()).forEach(fields::add);
			return http.post().uri(request.path())
				.cookie(xsrf.getName(), xsrf.getValue())
				.cookie("ims_console", token)
				.header("HX-Request", "true")
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.body(BodyInserters.fromFormData(fields))
				.exchange()
				.expectBody()
				.returnResult();
		}
		WebTestClient.RequestBodySpec spec = http.method(request.method()).uri(request.path())
			.header("X-Auth-Token", token);
		WebTestClient.RequestHeadersSpec<?> sent = (request.body() == null) ? spec
				: spec.contentType(request.type()).bodyValue(request.body());
		return sent.exchange().expectBody().returnResult();
	}

	/** A job the request started must end before the state is read back, whoever it belongs to: its status. */
	private static String awaitAnyJob(EntityExchangeResult<byte[]> response, Caller caller) {
		String redirect = response.getResponseHeaders().getFirst("HX-Redirect");
		if (redirect != null && redirect.startsWith("/console/jobs/")) {
			return awaitJob(redirect.substring("/console/jobs/".length()), caller);
		}
		byte[] content = response.getResponseBodyContent();
		if (content == null || content.length == 0 || response.getStatus().value() >= 300
				|| !MediaType.APPLICATION_JSON.isCompatibleWith(response.getResponseHeaders().getContentType())) {
			return null;
		}
		Map<String, Object> body = JsonMapper.builder().build().readValue(content, Map.class);
		if (!(body.get("job_id") instanceof String job)) {
			return null;
		}
		return awaitJob(job, caller);
	}

	private static String awaitJob(String job, Caller caller) {
		String token = token(caller);
		String project = switch (caller) {
			case OTHER_MEMBER -> otherMember.projectId;
			case OTHER_ADMIN -> otherAdmin.projectId;
			default -> owner.projectId;
		};
		return (String) await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(
				() -> owner.http.get().uri("/v1/" + project + "/jobs/" + job).header("X-Auth-Token", token).exchange()
					.expectBody(JSON).returnResult().getResponseBody(),
				(state) -> List.of("SUCCESS", "FAIL").contains(state.get("status")))
			.get("status");
	}

}
