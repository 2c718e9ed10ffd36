package cloud.ims.standalone.e2e;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import cloud.ims.messages.AuditTraceRecorded;
import cloud.ims.schemas.AvroDeserializer;
import cloud.ims.schemas.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The audit trail end to end: mutating requests of both dialects, a failed and a successful sign-in on the Keystone
 * API and a failed one in the console become exactly one trace each (reads none), listed to an admin with every
 * filter and page by page, published on {@code ims.audit.events} (read with a real consumer), and refused to a
 * member; no trace anywhere carries a password or a token.
 */
class AuditTrailIT {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	private final TestStack stack = TestStack.get();

	private final WebTestClient http = this.stack.client();

	private final String admin = this.stack.token("admin", "audit-admin", true);

	@Test
	@SuppressWarnings("unchecked")
	void tracesEveryMutatingRequestAndSignInListsThemToAdminsAndPublishesThem() {
		String projectId = "p-audit-" + UUID.randomUUID().toString().substring(0, 8);
		OpenStackCli.Account account = Accounts.member(projectId);
		String memberToken = this.stack.token(projectId, "audit-member-" + projectId, false);
		String wrongPassword = "not-" + account.password();
		Instant start = Instant.now();

		// Glance, Huawei, a read (never traced) and a refusal.
		EntityExchangeResult<Map<String, Object>> created = send(memberToken, "POST", "/v2/images",
				"{\"name\":\"audit\",\"disk_format\":\"qcow2\",\"container_format\":\"bare\"}");
		String imageId = (String) created.getResponseBody().get("id");
		EntityExchangeResult<Map<String, Object>> tagged = send(memberToken, "PUT", "/v2/images/" + imageId + "/tags/blue",
				null);
		this.http.get().uri("/v2/images/" + imageId).header("X-Auth-Token", memberToken).exchange()
			.expectStatus().isOk();
		EntityExchangeResult<Map<String, Object>> renamed = send(memberToken, "PATCH", "/v2/cloudimages/" + imageId,
				"[{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"renamed\"}]");
		EntityExchangeResult<Map<String, Object>> deleted = send(memberToken, "DELETE", "/v2/images/" + imageId, null);
		String unknownImage = UUID.randomUUID().toString();
		EntityExchangeResult<Map<String, Object>> missing = send(memberToken, "DELETE", "/v2/images/" + unknownImage,
				null);

		// Sign-ins: a wrong password and a right one on the Keystone API, a wrong one in the console.
		EntityExchangeResult<Map<String, Object>> refusedSignIn = signIn(account.user(), wrongPassword, projectId);
		EntityExchangeResult<Map<String, Object>> signedIn = signIn(account.user(), account.password(), projectId);
		String issuedToken = signedIn.getResponseHeaders().getFirst("X-Subject-Token");
		String signedInUserId = (String) ((Map<String, Object>) ((Map<String, Object>) signedIn.getResponseBody()
			.get("token")).get("user")).get("id");
		int consoleStatus = consoleSignIn(account.user(), wrongPassword, projectId);

		assertThat(created.getStatus()).isEqualTo(HttpStatus.CREATED);
		assertThat(deleted.getStatus()).isEqualTo(HttpStatus.NO_CONTENT);
		assertThat(missing.getStatus()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(refusedSignIn.getStatus()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(signedIn.getStatus()).isEqualTo(HttpStatus.CREATED);
		assertThat(consoleStatus).isEqualTo(401);

		// The project's traces, newest first: one per mutating request, none for the read.
		List<Map<String, Object>> traces = awaitTraces("project_id=" + projectId, 6);
		assertThat(traces).extracting((trace) -> trace.get("trace_name") + " " + trace.get("code")).containsExactly(
				"POST /v3/auth/tokens 201",
				"DELETE /v2/images/{imageId} 404",
				"DELETE /v2/images/{imageId} 204",
				"PATCH /v2/cloudimages/{imageId} " + renamed.getStatus().value(),
				"PUT /v2/images/{imageId}/tags/{tag} " + tagged.getStatus().value(),
				"POST /v2/images 201");
		Map<String, Object> deletion = traces.get(2);
		assertThat(deletion).containsEntry("trace_type", "ApiCall")
			.containsEntry("trace_status", "normal")
			.containsEntry("resource_type", "image")
			.containsEntry("resource_id", imageId)
			.containsEntry("request_id", deleted.getResponseHeaders().getFirst("X-Request-Id"))
			.containsEntry("error_code", null);
		assertThat((Map<String, Object>) deletion.get("user")).containsEntry("id", "audit-member-" + projectId)
			.containsEntry("project_id", projectId)
			.containsEntry("roles", List.of("member"));
		assertThat((String) deletion.get("source_ip")).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
		assertThat(traces.get(1)).containsEntry("trace_status", "warning")
			.containsEntry("resource_id", unknownImage)
			.containsEntry("error_code", errorCode(missing));
		assertThat(traces.get(0)).containsEntry("action", "sign-in").containsEntry("trace_status", "normal");
		assertThat((Map<String, Object>) traces.get(0).get("user")).containsEntry("id", signedInUserId)
			.containsEntry("name", account.user())
			.containsEntry("project_id", projectId);

		// Sign-ins by the user name they gave, failed ones included (they have no project).
		List<Map<String, Object>> signIns = awaitTraces("user_name=" + account.user(), 3);
		assertThat(signIns).extracting((trace) -> trace.get("trace_name") + " " + trace.get("trace_type") + " "
				+ trace.get("code") + " " + trace.get("error_code")).containsExactly(
						"POST /console/sign-in ConsoleAction 401 IAM.0201",
						"POST /v3/auth/tokens ApiCall 201 null",
						"POST /v3/auth/tokens ApiCall 401 IAM.0201");
		assertThat(signIns).allSatisfy((trace) -> assertThat(trace).containsEntry("action", "sign-in"));
		assertThat((Map<String, Object>) signIns.get(2).get("user")).containsEntry("project_id", null);
		assertThat((String) signIns.get(2).get("detail")).contains("wrong password");

		// Filters and pages.
		assertThat(list("project_id=" + projectId + "&trace_name=PUT /v2/images/{imageId}/tags/{tag}"))
			.singleElement().satisfies((trace) -> assertThat(trace).containsEntry("resource_id", imageId));
		assertThat(list("project_id=" + projectId + "&resource_id=" + imageId)).hasSize(3);
		// A wrong password for a user who exists names that user too.
		assertThat(list("user_id=" + signedInUserId)).extracting((trace) -> trace.get("trace_id"))
			.containsExactlyElementsOf(signIns.stream().map((trace) -> trace.get("trace_id")).toList());
		assertThat(list("project_id=" + projectId + "&trace_status=warning"))
			.extracting((trace) -> trace.get("trace_id")).contains(traces.get(1).get("trace_id"))
			.doesNotContain(traces.get(2).get("trace_id"));
		assertThat(list("project_id=" + projectId + "&to=" + start)).isEmpty();
		assertThat(list("project_id=" + projectId + "&from=" + start + "&to=" + Instant.now().plusSeconds(1)))
			.hasSize(6);
		Map<String, Object> firstPage = page("project_id=" + projectId + "&limit=4");
		Map<String, Object> meta = (Map<String, Object>) firstPage.get("meta_data");
		assertThat(meta).containsEntry("count", 4).containsEntry("marker", traces.get(3).get("trace_id"));
		Map<String, Object> secondPage = page("project_id=" + projectId + "&limit=4&marker=" + meta.get("marker"));
		assertThat((List<Map<String, Object>>) secondPage.get("traces")).extracting((trace) -> trace.get("trace_id"))
			.containsExactly(traces.get(4).get("trace_id"), traces.get(5).get("trace_id"));
		assertThat((Map<String, Object>) secondPage.get("meta_data")).containsEntry("marker", null);
		assertThat(errorCode(this.http.get().uri("/v1/admin/audit?trace_status=fine").header("X-Auth-Token", this.admin)
			.exchange().expectBody(JSON).returnResult())).isEqualTo("CTS.0400");

		// Published: every trace of this test on the audit topic, with the same content.
		List<Map<String, Object>> ours = new ArrayList<>(traces);
		ours.add(signIns.get(0));
		ours.add(signIns.get(2));
		Map<String, AuditTraceRecorded> published = published(
				ours.stream().map((trace) -> (String) trace.get("trace_id")).collect(Collectors.toSet()));
		assertThat(ours).allSatisfy((trace) -> {
			AuditTraceRecorded event = published.get((String) trace.get("trace_id"));
			assertThat(event.getTraceName()).isEqualTo(trace.get("trace_name"));
			assertThat(event.getResponseCode()).isEqualTo(trace.get("code"));
			assertThat(event.getTraceStatus()).isEqualTo(trace.get("trace_status"));
			assertThat(event.getContext().getCorrelationId()).isEqualTo(trace.get("request_id"));
		});
		assertThat(published.get((String) traces.get(2).get("trace_id")).getContext().getProjectId()).isEqualTo(projectId);

		// No secret anywhere: neither password, nor a token.
		String everything = traces + " " + signIns + " " + published.values();
		assertThat(everything).doesNotContain(account.password())
			.doesNotContain(wrongPassword)
			.doesNotContain(issuedToken)
			.doesNotContain(memberToken);

		// Members may not read the trail; the refusal changed nothing.
		assertThat(errorCode(this.http.get().uri("/v1/admin/audit").header("X-Auth-Token", memberToken).exchange()
			.expectStatus().isForbidden().expectBody(JSON).returnResult())).isEqualTo("CTS.0403");
		assertThat(list("project_id=" + projectId)).hasSize(6);
	}

	private EntityExchangeResult<Map<String, Object>> send(String token, String method, String path, String json) {
		WebTestClient.RequestBodySpec request = this.http.method(HttpMethod.valueOf(method))
			.uri(path)
			.header("X-Auth-Token", token);
		WebTestClient.RequestHeadersSpec<?> withBody = (json != null)
				? request.contentType(MediaType.APPLICATION_JSON).bodyValue(json) : request;
		return withBody.exchange().expectBody(JSON).returnResult();
	}

	private EntityExchangeResult<Map<String, Object>> signIn(String user, String password, String project) {
		String json = """
				{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"%s","domain":{"name":"Default"},
				"password":"%s"}}},"scope":{"project":{"name":"%s","domain":{"name":"Default"}}}}}"""
			.formatted(user, password, project);
		return this.http.post().uri("/v3/auth/tokens").contentType(MediaType.APPLICATION_JSON).bodyValue(json)
			.exchange().expectBody(JSON).returnResult();
	}

	/** Signs in through the console's form, with the CSRF token its page gives, as a browser would. */
	@Test
	@SuppressWarnings("unchecked")
	void tracesAConsoleSignInWithATokenAsTheTokensUser() {
		String projectId = "p-audit-" + UUID.randomUUID().toString().substring(0, 8);
		String token = this.stack.token(projectId, "console-" + projectId, false);
		EntityExchangeResult<String> form = this.http.get().uri("/console/sign-in").exchange()
			.expectStatus().isOk().expectBody(String.class).returnResult();
		Matcher csrf = CSRF.matcher(form.getResponseBody());
		assertThat(csrf.find()).as("the form's CSRF token").isTrue();
		ResponseCookie cookie = form.getResponseCookies().getFirst("XSRF-TOKEN");

		this.http.post().uri("/console/sign-in")
			.cookie(cookie.getName(), cookie.getValue())
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData("_csrf", csrf.group(1)).with("token", token))
			.exchange()
			.expectStatus().is3xxRedirection();

		Map<String, Object> trace = awaitTraces("project_id=" + projectId, 1).get(0);
		assertThat(trace).containsEntry("trace_name", "POST /console/sign-in").containsEntry("trace_type", "ConsoleAction");
		assertThat((Map<String, Object>) trace.get("user")).containsEntry("id", "console-" + projectId)
			.containsEntry("project_id", projectId)
			.containsEntry("roles", List.of("member"));
	}

	private int consoleSignIn(String user, String password, String project) {
		EntityExchangeResult<String> form = this.http.get().uri("/console/sign-in").exchange()
			.expectStatus().isOk().expectBody(String.class).returnResult();
		Matcher csrf = CSRF.matcher(form.getResponseBody());
		assertThat(csrf.find()).as("the form's CSRF token").isTrue();
		ResponseCookie cookie = form.getResponseCookies().getFirst("XSRF-TOKEN");
		return this.http.post().uri("/console/sign-in")
			.cookie(cookie.getName(), cookie.getValue())
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData("_csrf", csrf.group(1)).with("user", user).with("password", password)
				.with("project", project))
			.exchange()
			.returnResult(String.class)
			.getStatus()
			.value();
	}

	private List<Map<String, Object>> awaitTraces(String query, int expected) {
		return await().atMost(Duration.ofSeconds(20)).until(() -> list(query), (traces) -> traces.size() >= expected);
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> list(String query) {
		return (List<Map<String, Object>>) page(query).get("traces");
	}

	/** One page of the trail; the query's values are encoded here (trace names hold spaces and braces). */
	private Map<String, Object> page(String query) {
		String encoded = Stream.of(query.split("&")).map((pair) -> {
			int equals = pair.indexOf('=');
			return pair.substring(0, equals + 1)
					+ URLEncoder.encode(pair.substring(equals + 1), StandardCharsets.UTF_8).replace("+", "%20");
		}).collect(Collectors.joining("&"));
		return this.http.get().uri(URI.create(this.stack.baseUrl() + "/v1/admin/audit?" + encoded))
			.header("X-Auth-Token", this.admin).exchange()
			.expectStatus().isOk().expectBody(JSON).returnResult().getResponseBody();
	}

	@SuppressWarnings("unchecked")
	private static String errorCode(EntityExchangeResult<Map<String, Object>> answer) {
		return (String) ((Map<String, Object>) answer.getResponseBody().get("error")).get("code");
	}

	/** Reads the audit topic from its start until every one of the traces has been seen. */
	private Map<String, AuditTraceRecorded> published(Set<String> traceIds) {
		Properties properties = new Properties();
		properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.stack.bootstrapServers());
		properties.put(ConsumerConfig.GROUP_ID_CONFIG, "audit-it-" + UUID.randomUUID());
		properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		Map<String, AuditTraceRecorded> seen = new HashMap<>();
		try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
				new AvroDeserializer())) {
			consumer.subscribe(List.of(Topics.AUDIT_EVENTS));
			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ZERO).until(() -> {
				for (ConsumerRecord<String, SpecificRecord> record : consumer.poll(Duration.ofMillis(500))) {
					if (record.value() instanceof AuditTraceRecorded trace && traceIds.contains(trace.getTraceId())) {
						seen.put(trace.getTraceId(), trace);
					}
				}
				return seen.keySet().containsAll(traceIds);
			});
		}
		return seen;
	}

}
