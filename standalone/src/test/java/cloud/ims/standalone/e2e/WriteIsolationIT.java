package cloud.ims.standalone.e2e;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
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

	/**
	 * The victim resources a request names, and the caller's own project: a private image with a member, an ECS, an
	 * image without members, the installation's public image and a Keystone user of the victim's project.
	 */
	record Target(String project, String image, String server, String member, String callerProject,
			String unsharedImage, String publicImage, String user) {

		Target forCaller(String callerProject) {
			return new Target(this.project, this.image, this.server, this.member, callerProject, this.unsharedImage,
					this.publicImage, this.user);
		}

		/** The same request with every resource id replaced by one that does not exist. */
		Target nonexistent() {
			return new Target(this.project, UUID.randomUUID().toString(), UUID.randomUUID().toString(), this.member,
					this.callerProject, UUID.randomUUID().toString(), UUID.randomUUID().toString(),
					UUID.randomUUID().toString());
		}

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

	private static final AtomicInteger PROBED = new AtomicInteger();

	/** The console's alert: its code and its message. */
	private static final Pattern ALERT = Pattern
		.compile("<code class=\"code\">([^<]+)</code>:</strong>\\s*<span class=\"message\">([^<]*)</span>");

	private static final Map<String, Map<Caller, Integer>> OBSERVED = new LinkedHashMap<>();

	private static Tenant owner;

	private static String sameMemberToken;

	private static Tenant otherMember;

	private static Tenant otherAdmin;

	private static Target victim;

	/** An existing project that no image is shared with, for the requests that would share one with it. */
	private static String bystander;

	/** A Keystone user with the member role in the victim's project, for the identity rows. */
	private static String victimUser;

	/** The installation's public image. */
	private static String publicImage;

	private static final String VICTIM_PASSWORD = "Carol-secret-1234";

	private static String adminToken;

	private static String bystanderToken;

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
						404, 200, 404),
				route("PUT /v1/cloudimages/members", false,
						(t) -> api(HttpMethod.PUT, "/v1/cloudimages/members", "{\"images\":[\"" + t.image()
								+ "\"],\"project_id\":\"" + t.callerProject() + "\",\"status\":\"accepted\"}"),
						404, 404, 404),
				route("DELETE /v1/cloudimages/members", false,
						(t) -> api(HttpMethod.DELETE, "/v1/cloudimages/members",
								"{\"images\":[\"" + t.image() + "\"],\"projects\":[\"" + t.member() + "\"]}"),
						404, 200, 404),
				route("PUT /v1/cloudimages/frequently-used/{id}", false,
						(t) -> api(HttpMethod.PUT, "/v1/cloudimages/frequently-used/" + t.image(), null), 404, 204, 404),
				route("DELETE /v1/cloudimages/frequently-used/{id}", false,
						(t) -> api(HttpMethod.DELETE, "/v1/cloudimages/frequently-used/" + t.image(), null), 404, 404,
						404),
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
						404, 200, 404),
				route("console POST /console/images/new/from-server (from the victim's ECS)", true,
						(t) -> console("/console/images/new/from-server",
								Map.of("name", "stolen", "description", "", "instance_id", t.server())),
						400, 200, 400),
				route("console POST /console/servers/stop", true,
						(t) -> console("/console/servers/stop", Map.of("ids", t.server())), 404, 200, 404),
				route("console POST /console/servers/delete", true,
						(t) -> console("/console/servers/delete", Map.of("ids", t.server())), 404, 200, 404),
				// Admin-only attributes of images: a member naming another owner is refused before the image is
				// looked up (as for an id that does not exist); another project's admin does not see the image.
				route("PATCH /v2/images/{id} (owner: another project)", false,
						(t) -> new Request(Kind.API, HttpMethod.PATCH, "/v2/images/" + t.image(), GLANCE_PATCH,
								"[{\"op\":\"replace\",\"path\":\"/owner\",\"value\":\"" + bystander + "\"}]"),
						403, 403, 404),
				// Keystone: a member reads its own project (Keystone's identity:get_project), not another.
				route("GET /v3/projects/{victim project}", false,
						(t) -> api(HttpMethod.GET, "/v3/projects/" + t.project(), null), 403, 200, 200),
				// Admin-only routes: a member of any project gets 403 (another project's admin is an admin: not a
				// refused caller there). Those that would change something are read back by an admin afterwards.
				adminOnly("PUT /v1/admin/quotas/{victim project}", (t) -> api(HttpMethod.PUT,
						"/v1/admin/quotas/" + t.project(), "{\"images\":1,\"instances\":1,\"cores\":1,\"ram_mb\":1024}")),
				adminOnly("GET /v1/admin/quotas/{victim project}",
						(t) -> api(HttpMethod.GET, "/v1/admin/quotas/" + t.project(), null)),
				adminOnly("GET /v1/admin/operations", (t) -> api(HttpMethod.GET, "/v1/admin/operations", null)),
				adminOnly("GET /v1/admin/dead-letters", (t) -> api(HttpMethod.GET, "/v1/admin/dead-letters", null)),
				adminOnly("GET /v1/admin/audit", (t) -> api(HttpMethod.GET, "/v1/admin/audit?project_id=" + t.project(),
						null)),
				adminOnly("console GET /console/admin/operations",
						(t) -> consolePage("/console/admin/operations")),
				adminOnly("console GET /console/admin/operations/data",
						(t) -> consolePage("/console/admin/operations/data")),
				adminOnly("POST /v2/images (visibility public)", (t) -> api(HttpMethod.POST, "/v2/images",
						"{\"name\":\"intruder-public\",\"disk_format\":\"qcow2\",\"container_format\":\"bare\","
								+ "\"visibility\":\"public\"}")),
				adminOnly("POST /v2/images (owner: another project)", (t) -> api(HttpMethod.POST, "/v2/images",
						"{\"name\":\"intruder-given\",\"disk_format\":\"qcow2\",\"container_format\":\"bare\","
								+ "\"owner\":\"" + bystander + "\"}")),
				adminOnly("POST /v2/cloudimages/action (visibility public)", (t) -> api(HttpMethod.POST,
						"/v2/cloudimages/action", "{\"name\":\"intruder-public\",\"image_url\":"
								+ "\"https://images.example.com/x.qcow2\",\"min_disk\":1,\"visibility\":\"public\"}")),
				adminOnly("PATCH /v2/images/{public id}", (t) -> new Request(Kind.API, HttpMethod.PATCH,
						"/v2/images/" + t.publicImage(), GLANCE_PATCH,
						"[{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"hijacked\"}]")),
				adminOnly("PATCH /v2/images/{public id} (withdraw)", (t) -> new Request(Kind.API, HttpMethod.PATCH,
						"/v2/images/" + t.publicImage(), GLANCE_PATCH,
						"[{\"op\":\"replace\",\"path\":\"/visibility\",\"value\":\"private\"}]")),
				adminOnly("PATCH /v2/cloudimages/{public id}", (t) -> api(HttpMethod.PATCH,
						"/v2/cloudimages/" + t.publicImage(),
						"[{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"hijacked\"}]")),
				adminOnly("DELETE /v2/images/{public id}",
						(t) -> api(HttpMethod.DELETE, "/v2/images/" + t.publicImage(), null)),
				adminOnly("POST /v2/images/{public id}/actions/deactivate",
						(t) -> api(HttpMethod.POST, "/v2/images/" + t.publicImage() + "/actions/deactivate", null)),
				adminOnly("PUT /v2/images/{public id}/tags/{tag}",
						(t) -> api(HttpMethod.PUT, "/v2/images/" + t.publicImage() + "/tags/hijacked", null)),
				adminOnly("console POST /console/images/{public id}/delete",
						(t) -> console("/console/images/" + t.publicImage() + "/delete", Map.of())),
				adminOnly("console POST /console/images/{public id}/visibility (withdraw)",
						(t) -> console("/console/images/" + t.publicImage() + "/visibility?value=private", Map.of())),
				// Keystone's admin API.
				adminOnly("GET /v3/users", (t) -> api(HttpMethod.GET, "/v3/users", null)),
				adminOnly("POST /v3/users", (t) -> api(HttpMethod.POST, "/v3/users",
						"{\"user\":{\"name\":\"intruder-" + t.callerProject() + "\",\"password\":\"Secret-123456\"}}")),
				adminOnly("GET /v3/users/{another user}", (t) -> api(HttpMethod.GET, "/v3/users/" + t.user(), null)),
				adminOnly("PATCH /v3/users/{another user}", (t) -> api(HttpMethod.PATCH, "/v3/users/" + t.user(),
						"{\"user\":{\"enabled\":false,\"password\":\"Hijacked-123456\"}}")),
				adminOnly("DELETE /v3/users/{another user}",
						(t) -> api(HttpMethod.DELETE, "/v3/users/" + t.user(), null)),
				adminOnly("GET /v3/projects", (t) -> api(HttpMethod.GET, "/v3/projects", null)),
				adminOnly("POST /v3/projects", (t) -> api(HttpMethod.POST, "/v3/projects",
						"{\"project\":{\"name\":\"intruder-" + t.callerProject() + "\"}}")),
				adminOnly("PATCH /v3/projects/{victim project}", (t) -> api(HttpMethod.PATCH,
						"/v3/projects/" + t.project(), "{\"project\":{\"enabled\":false,\"name\":\"hijacked\"}}")),
				adminOnly("DELETE /v3/projects/{victim project}",
						(t) -> api(HttpMethod.DELETE, "/v3/projects/" + t.project(), null)),
				adminOnly("GET /v3/roles", (t) -> api(HttpMethod.GET, "/v3/roles", null)),
				adminOnly("GET /v3/roles/{id}", (t) -> api(HttpMethod.GET, "/v3/roles/admin", null)),
				adminOnly("GET /v3/role_assignments",
						(t) -> api(HttpMethod.GET, "/v3/role_assignments?scope.project.id=" + t.project(), null)),
				adminOnly("GET /v3/projects/{victim project}/users/{user}/roles", (t) -> api(HttpMethod.GET,
						"/v3/projects/" + t.project() + "/users/" + t.user() + "/roles", null)),
				adminOnly("PUT /v3/projects/{victim project}/users/{user}/roles/admin (grant)", (t) -> api(HttpMethod.PUT,
						"/v3/projects/" + t.project() + "/users/" + t.user() + "/roles/admin", null)),
				adminOnly("HEAD /v3/projects/{victim project}/users/{user}/roles/member", (t) -> api(HttpMethod.HEAD,
						"/v3/projects/" + t.project() + "/users/" + t.user() + "/roles/member", null)),
				adminOnly("DELETE /v3/projects/{victim project}/users/{user}/roles/member (revoke)",
						(t) -> api(HttpMethod.DELETE,
								"/v3/projects/" + t.project() + "/users/" + t.user() + "/roles/member", null)));
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

	private static Request consolePage(String path) {
		return new Request(Kind.CONSOLE, HttpMethod.GET, path, null, Map.of());
	}

	@ParameterizedTest(name = "{0} by {1}: {2}")
	@MethodSource("cells")
	void answersEachCallerExactlyAndChangesNothingItRefuses(Route route, Caller caller, int expected) {
		Target shared = victim();
		boolean refused = caller != Caller.SAME_MEMBER;
		Target target = (refused ? shared : freshTarget(route.needsServer())).forCaller(callerProject(caller));
		Map<String, Object> before = state(shared);
		List<Object> callerJobsBefore = callerJobs(caller);
		Request request = route.request().apply(target);

		EntityExchangeResult<byte[]> response = send(request, token(caller), true);
		TRIED.incrementAndGet();
		int status = response.getStatus().value();
		synchronized (OBSERVED) {
			OBSERVED.computeIfAbsent(route.name(), (name) -> new EnumMap<>(Caller.class)).put(caller, status);
		}
		String jobStatus = awaitAnyJob(response, caller);
		if (status >= 400) {
			REFUSED.incrementAndGet();
		}
		String body = body(response);

		if (refused) {
			Map<String, Object> after = state(shared);
			if (!after.equals(before)) {
				CHANGED.incrementAndGet();
			}
			assertThat(after).as("the victim's state after %s by %s", route, caller).isEqualTo(before);
			assertThat(callerJobs(caller)).as("the jobs of %s's project after %s", caller, route)
				.isEqualTo(callerJobsBefore);
			if (route.name().startsWith("PATCH /v3/users")) {
				assertThat(victimUserSignIn()).as("the user's own password after %s by %s", route, caller)
					.isEqualTo(HttpStatus.CREATED);
			}
		}
		assertThat(status).as("%s by %s answered %s", route, caller, body).isEqualTo(expected);
		if (refused && jobStatus != null) {
			assertThat(jobStatus).as("the job %s by %s started", route, caller).isEqualTo("FAIL");
		}
		if (status == 401 && request.kind() == Kind.API && request.method() != HttpMethod.HEAD) {
			assertThat(body).contains("IMS.0401");
		}
		if (status == 401 && request.kind() == Kind.CONSOLE) {
			assertTheConsoleSendsTheSessionToSignIn(request, caller, response);
		}
	}

	/**
	 * A console session whose token is expired, of another issuer or for another audience ends as an expired one
	 * does: htmx is told to go to the sign-in form (with the reason for the alert area meanwhile), a browser's own
	 * request is sent there (303), and the cookie is removed either way.
	 */
	private static void assertTheConsoleSendsTheSessionToSignIn(Request request, Caller caller,
			EntityExchangeResult<byte[]> htmx) {
		assertThat(htmx.getResponseHeaders().getFirst("HX-Redirect")).isEqualTo("/console/sign-in?expired=true");
		assertThat(body(htmx)).contains("IMS.0401").contains("Your session has ended");
		assertThat(htmx.getResponseCookies().getFirst("ims_console")).satisfies(
				(cookie) -> assertThat(cookie.getMaxAge()).isZero());
		Map<String, Object> before = state(victim);
		EntityExchangeResult<byte[]> page = send(request, token(caller), false);
		TRIED.incrementAndGet();
		REFUSED.incrementAndGet();
		assertThat(page.getStatus()).as("%s by %s, without htmx", request.path(), caller).isEqualTo(HttpStatus.SEE_OTHER);
		assertThat(page.getResponseHeaders().getLocation()).hasToString("/console/sign-in?expired=true");
		assertThat(page.getResponseCookies().getFirst("ims_console")).satisfies(
				(cookie) -> assertThat(cookie.getMaxAge()).isZero());
		assertThat(state(victim)).isEqualTo(before);
	}

	/**
	 * What another project gets for the victim's resource is exactly what it gets for an id that does not exist:
	 * the same status, the same code and the same message but for the id, so that nothing tells the two apart.
	 */
	@ParameterizedTest(name = "{0}")
	@MethodSource("probedRoutes")
	void answersAnotherProjectsResourceExactlyAsOneThatDoesNotExist(Route route) {
		Target foreign = victim().forCaller(otherMember.projectId);
		Target missing = foreign.nonexistent();
		Map<String, Object> before = state(victim);

		EntityExchangeResult<byte[]> toForeign = send(route.request().apply(foreign), otherMember.token, true);
		EntityExchangeResult<byte[]> toMissing = send(route.request().apply(missing), otherMember.token, true);

		assertThat(toForeign.getStatus()).as("%s: the status", route).isEqualTo(toMissing.getStatus());
		assertThat(error(toForeign, foreign)).as("%s: the code and message", route).isNotEmpty()
			.isEqualTo(error(toMissing, missing));
		assertThat(state(victim)).isEqualTo(before);
		PROBED.incrementAndGet();
	}

	static Stream<Route> probedRoutes() {
		return routes().stream().filter((route) -> List.of(400, 404).contains(route.expected().get(Caller.OTHER_MEMBER)));
	}

	/** The error's code and message with the target's ids in neutral form: as the API or the console's alert says it. */
	@SuppressWarnings("unchecked")
	private static List<String> error(EntityExchangeResult<byte[]> response, Target target) {
		String body = body(response);
		String code;
		String message;
		Matcher alert = ALERT.matcher(body);
		if (alert.find()) {
			code = alert.group(1);
			message = alert.group(2);
		}
		else {
			Map<String, Object> error = (Map<String, Object>) JsonMapper.builder().build().readValue(body, Map.class)
				.get("error");
			code = String.valueOf((error.get("code") instanceof String text) ? text : error.get("ims_code"));
			message = String.valueOf(error.get("message"));
		}
		for (String id : List.of(target.image(), target.server(), target.unsharedImage(), target.publicImage(),
				target.user())) {
			message = message.replace(id, "{id}");
		}
		return List.of(code, message);
	}

	private static String body(EntityExchangeResult<byte[]> response) {
		return new String((response.getResponseBodyContent() == null) ? new byte[0] : response.getResponseBodyContent(),
				StandardCharsets.UTF_8);
	}

	/**
	 * Removing an image from one's frequently used list answers alike for every image that is not on it (404
	 * {@code IMG.0093}): one's own, another project's or none; one that is on it is removed once.
	 */
	@Test
	void removesFromTheFrequentlyUsedListOnlyWhatIsOnIt() {
		Target shared = victim();
		Tenant caller = Tenant.newProject();
		String own = ImageFixture.anActivePrivateImage(caller.projectId, "own-starred").id().value();
		Map<String, Object> before = state(shared);

		for (String absent : List.of(own, shared.image(), UUID.randomUUID().toString(), "not-an-id")) {
			IsolationIT.assertError(caller.http.delete().uri("/v1/cloudimages/frequently-used/" + absent)
				.header("X-Auth-Token", caller.token).exchange(), HttpStatus.NOT_FOUND, "IMG.0093");
		}
		caller.http.put().uri("/v1/cloudimages/frequently-used/" + own).header("X-Auth-Token", caller.token).exchange()
			.expectStatus().isNoContent();
		caller.http.delete().uri("/v1/cloudimages/frequently-used/" + own).header("X-Auth-Token", caller.token)
			.exchange().expectStatus().isNoContent();
		IsolationIT.assertError(caller.http.delete().uri("/v1/cloudimages/frequently-used/" + own)
			.header("X-Auth-Token", caller.token).exchange(), HttpStatus.NOT_FOUND, "IMG.0093");

		assertThat(caller.json(caller.get("/v1/cloudimages/frequently-used"), HttpStatus.OK)).containsEntry("images",
				List.of());
		assertThat(state(shared)).isEqualTo(before);
	}

	/**
	 * Keystone lets a user read itself and the project its token is scoped to (identity:get_user, get_project), and
	 * nothing else of the identity store; so does IMS.
	 */
	@Test
	@SuppressWarnings("unchecked")
	void letsAMemberReadItselfAndItsProjectButNoOtherUser() {
		Target shared = victim();
		String self = TestStack.get().token(owner.projectId, shared.user(), false);
		Map<String, Object> before = state(shared);

		Map<String, Object> user = owner.json(owner.http.get().uri("/v3/users/" + shared.user())
			.header("X-Auth-Token", self).exchange(), HttpStatus.OK);
		Map<String, Object> project = owner.json(owner.http.get().uri("/v3/projects/" + owner.projectId)
			.header("X-Auth-Token", self).exchange(), HttpStatus.OK);
		owner.http.get().uri("/v3/users/" + UUID.randomUUID()).header("X-Auth-Token", self).exchange()
			.expectStatus().isForbidden();
		owner.http.get().uri("/v3/projects/" + bystander).header("X-Auth-Token", self).exchange()
			.expectStatus().isForbidden();
		owner.http.patch().uri("/v3/users/" + shared.user()).header("X-Auth-Token", self)
			.contentType(MediaType.APPLICATION_JSON).bodyValue("{\"user\":{\"enabled\":false}}").exchange()
			.expectStatus().isForbidden();

		assertThat((Map<String, Object>) user.get("user")).containsEntry("id", shared.user());
		assertThat((Map<String, Object>) project.get("project")).containsEntry("id", owner.projectId);
		assertThat(state(shared)).isEqualTo(before);
	}

	@AfterAll
	static void reportsTheFigures() {
		OBSERVED.forEach((route, statuses) -> log.info("isolation-matrix | {} | {}", route, statuses));
		log.info("isolation-matrix figures: requests tried {}, refused {}, resources changed {}; "
				+ "routes whose foreign and nonexistent ids answer alike {}", TRIED.get(), REFUSED.get(), CHANGED.get(),
				PROBED.get());
		assertThat(CHANGED.get()).as("resources changed").isZero();
	}

	private static String callerProject(Caller caller) {
		return switch (caller) {
			case OTHER_MEMBER -> otherMember.projectId;
			case OTHER_ADMIN -> otherAdmin.projectId;
			default -> owner.projectId;
		};
	}

	/** The jobs of another project's caller's own project (the victim's are part of its state). */
	private static List<Object> callerJobs(Caller caller) {
		return switch (caller) {
			case OTHER_MEMBER -> jobIds(otherMember);
			case OTHER_ADMIN -> jobIds(otherAdmin);
			default -> List.of();
		};
	}

	@SuppressWarnings("unchecked")
	private static List<Object> jobIds(Tenant tenant) {
		return ((List<Map<String, Object>>) tenant
			.json(tenant.get("/v1/" + tenant.projectId + "/jobs?limit=1000"), HttpStatus.OK).get("jobs")).stream()
			.map((job) -> job.get("job_id"))
			.toList();
	}

	private static synchronized Target victim() {
		if (victim == null) {
			owner = Tenant.newProject();
			existingProject(owner.projectId);
			victimUser = memberOf(owner.projectId);
			bystander = existingProject(Tenant.newProject().projectId);
			bystanderToken = TestStack.get().token(bystander, "dave-" + bystander, false);
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
		if (publicImage == null) {
			publicImage = owner.baseImageId();
		}
		return new Target(owner.projectId, image, server, member, owner.projectId, unshared, publicImage, victimUser);
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

	/** The password cannot be read back: the victim's user signs in with it. */
	private static HttpStatus victimUserSignIn() {
		String json = """
				{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"carol-%s","domain":{"name":"Default"},
				"password":"%s"}}},"scope":{"project":{"id":"%s"}}}}""".formatted(owner.projectId, VICTIM_PASSWORD,
				owner.projectId);
		return HttpStatus.valueOf(owner.http.post().uri("/v3/auth/tokens").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(json).exchange().expectBody().returnResult().getStatus().value());
	}

	/** A new Keystone user with the member role in the project: its id. */
	@SuppressWarnings("unchecked")
	private static String memberOf(String projectId) {
		String name = "carol-" + projectId;
		Map<String, Object> created = asAdmin(HttpMethod.POST, "/v3/users",
				"{\"user\":{\"name\":\"" + name + "\",\"password\":\"" + VICTIM_PASSWORD + "\"}}",
				HttpStatus.CREATED);
		String id = (String) ((Map<String, Object>) created.get("user")).get("id");
		owner.http.put().uri("/v3/projects/" + projectId + "/users/" + id + "/roles/member")
			.header("X-Auth-Token", adminToken).exchange().expectStatus().isNoContent();
		return id;
	}

	private static Map<String, Object> asAdmin(HttpMethod method, String path, @Nullable String json,
			HttpStatus expected) {
		if (adminToken == null) {
			adminToken = TestStack.get().token("admin", "e2e-admin", true);
		}
		WebTestClient.RequestBodySpec spec = owner.http.method(method).uri(path).header("X-Auth-Token", adminToken);
		WebTestClient.RequestHeadersSpec<?> sent = (json == null) ? spec
				: spec.contentType(MediaType.APPLICATION_JSON).bodyValue(json);
		return sent.exchange().expectStatus().isEqualTo(expected).expectBody(JSON).returnResult().getResponseBody();
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
		state.put("jobs", jobIds(owner));
		state.put("public image", read("/v2/images/" + target.publicImage()));
		state.put("public images", ids(read("/v2/images?visibility=public")));
		state.put("images owned by the bystander", ids(owner.json(owner.http.get().uri("/v2/images?owner=" + bystander)
			.header("X-Auth-Token", bystanderToken).exchange(),
				HttpStatus.OK)));
		state.put("quota limits", quotaLimits(asAdmin(HttpMethod.GET, "/v1/admin/quotas/" + target.project(), null,
				HttpStatus.OK)));
		state.put("project", asAdmin(HttpMethod.GET, "/v3/projects/" + target.project(), null, HttpStatus.OK));
		state.put("user", asAdmin(HttpMethod.GET, "/v3/users/" + target.user(), null, HttpStatus.OK));
		state.put("role assignments", asAdmin(HttpMethod.GET, "/v3/role_assignments?scope.project.id="
				+ target.project(), null, HttpStatus.OK));
		for (String project : List.of(owner.projectId, otherMember.projectId)) {
			state.put("users named intruder-" + project, asAdmin(HttpMethod.GET, "/v3/users?name=intruder-" + project,
					null, HttpStatus.OK));
			state.put("projects named intruder-" + project, asAdmin(HttpMethod.GET,
					"/v3/projects?name=intruder-" + project, null, HttpStatus.OK));
		}
		return state;
	}

	/** The limits an admin sets (what is used moves with the same project's member's cells, whose jobs end later). */
	@SuppressWarnings("unchecked")
	private static Map<String, Object> quotaLimits(Map<String, Object> shown) {
		Map<String, Object> limits = new LinkedHashMap<>();
		((Map<String, Object>) shown.get("quota")).forEach((name, value) -> limits.put(name,
				(value instanceof Map<?, ?> resource) ? resource.get("limit") : value));
		return limits;
	}

	@SuppressWarnings("unchecked")
	private static List<Object> ids(Map<String, Object> list) {
		return ((List<Map<String, Object>>) list.get("images")).stream().map((image) -> image.get("id")).toList();
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
	private static EntityExchangeResult<byte[]> send(Request request, String token, boolean htmx) {
		WebTestClient http = owner.http;
		if (request.kind() == Kind.CONSOLE && request.method() == HttpMethod.GET) {
			WebTestClient.RequestHeadersSpec<?> page = http.get().uri(request.path()).cookie("ims_console", token);
			if (htmx) {
				page = page.header("HX-Request", "true");
			}
			return page.exchange().expectBody().returnResult();
		}
		if (request.kind() == Kind.CONSOLE) {
			EntityExchangeResult<String> signIn = http.get().uri("/console/sign-in").exchange()
				.expectStatus().isOk().expectBody(String.class).returnResult();
			Matcher csrf = CSRF.matcher(signIn.getResponseBody());
			assertThat(csrf.find()).as("the sign-in form's CSRF token").isTrue();
			ResponseCookie xsrf = signIn.getResponseCookies().getFirst("XSRF-TOKEN");
			MultiValueMap<String, String> fields = new LinkedMultiValueMap<>();
			fields.add("_csrf", csrf.group(1));
			((Map<String, String>) request.body()).forEach(fields::add);
			WebTestClient.RequestBodySpec form = http.post().uri(request.path())
				.cookie(xsrf.getName(), xsrf.getValue())
				.cookie("ims_console", token);
			if (htmx) {
				form = form.header("HX-Request", "true");
			}
			return form.contentType(MediaType.APPLICATION_FORM_URLENCODED)
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
