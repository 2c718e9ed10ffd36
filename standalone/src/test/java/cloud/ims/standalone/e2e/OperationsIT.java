package cloud.ims.standalone.e2e;

import java.util.List;
import java.util.Map;

import cloud.ims.schemas.Topics;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

/**
 * The operations view counts the jobs of every project from the database, the lag of the worker groups from Kafka and
 * the breaker of each provisioning-worker instance with the VMware Service it drives; only admins see it.
 */
class OperationsIT {

	private final Tenant admin = Tenant.newProject(true);

	private final Tenant tenant = Tenant.newProject();

	@Test
	@SuppressWarnings("unchecked")
	void countsJobsAndTheirFailuresAndShowsLagAndBreakers() {
		Map<String, Object> before = operations(60);
		String image = this.tenant.baseImageId();

		String succeeded = (String) this.tenant.createServers(image, "ops-ok", 2).get("job_id");
		assertThat(this.tenant.awaitJob(succeeded)).containsEntry("status", "SUCCESS");
		String failed;
		try (VmwareConditions faults = VmwareConditions.failingNames("ops-broken.*")) {
			failed = (String) this.tenant.createServers(image, "ops-broken", 1).get("job_id");
			assertThat(this.tenant.awaitJob(failed)).containsEntry("status", "FAIL");
		}
		Map<String, Object> after = operations(60);

		assertThat(after).containsEntry("window_minutes", 60).containsKey("generated_at");
		Map<String, Object> totals = (Map<String, Object>) after.get("totals");
		Map<String, Object> totalsBefore = (Map<String, Object>) before.get("totals");
		assertThat(number(totals, "accepted")).isEqualTo(number(totalsBefore, "accepted") + 2);
		assertThat(number(totals, "succeeded")).isGreaterThanOrEqualTo(number(totalsBefore, "succeeded") + 1);
		assertThat(number(totals, "failed")).isGreaterThanOrEqualTo(number(totalsBefore, "failed") + 1);
		assertThat(((Number) totals.get("failure_rate")).doubleValue()).isEqualTo(
				(double) number(totals, "failed") / (number(totals, "succeeded") + number(totals, "failed")),
				offset(0.0001));

		Map<String, Object> perMinute = (Map<String, Object>) after.get("jobs_per_minute");
		assertThat((List<Object>) perMinute.get("minutes")).hasSize(60);
		Map<String, List<Integer>> series = (Map<String, List<Integer>>) perMinute.get("series");
		assertThat(series).containsKeys("createServer SUCCESS", "createServer FAIL");
		assertThat(series.values().stream().flatMap(List::stream).mapToLong(Integer::longValue).sum())
			.isEqualTo(number(totals, "succeeded") + number(totals, "failed"));
		assertThat((Map<String, Object>) after.get("p95_duration_seconds")).containsKey("createServer");

		assertThat((List<Map<String, Object>>) after.get("recent_failures")).first()
			.satisfies((failure) -> assertThat(failure).containsEntry("job_id", failed)
				.containsEntry("job_type", "createServer").containsEntry("error_code", "Ecs.0010")
				.hasEntrySatisfying("fail_reason", (reason) -> assertThat((String) reason).contains("None of the 1 ECSs"))
				.containsKey("end_time"));

		assertThat((List<Map<String, Object>>) after.get("consumer_lag"))
			.anySatisfy((lag) -> assertThat(lag).containsEntry("group", "provisioning-worker")
				.containsEntry("topic", Topics.SERVER_COMMANDS).containsKey("lag"));
		// Closed: the jobs' calls all went through (a permanent failure is no failure of the service).
		assertThat((List<Map<String, Object>>) after.get("breakers")).anySatisfy((breaker) -> {
			assertThat(breaker).containsEntry("name", "vmware").containsKeys("instance", "since", "updated_at");
			assertThat(breaker).containsEntry("state", "CLOSED");
			assertThat(breaker).extractingByKey("driver").asInstanceOf(MAP)
				.containsEntry("type", "simulated")
				.containsEntry("reachable", true)
				.containsKeys("endpoint", "detail");
		});
	}

	@Test
	void refusesMembersAndWindowsOutOfRange() {
		assertThat(this.tenant.json(this.tenant.get("/v1/admin/operations"), HttpStatus.FORBIDDEN))
			.extractingByKey("error").asInstanceOf(MAP)
			.containsEntry("code", "IMS.0403");
		assertThat(this.admin.json(this.admin.get("/v1/admin/operations?minutes=4"), HttpStatus.BAD_REQUEST))
			.extractingByKey("error").asInstanceOf(MAP)
			.containsEntry("code", "IMS.0400");
		assertThat(this.admin.json(this.admin.get("/v1/admin/operations?minutes=1440"), HttpStatus.OK))
			.containsEntry("window_minutes", 1440);
	}

	@Test
	@SuppressWarnings("unchecked")
	void showsTheVmwareServiceInTheHealthOfTheGatewayWithDetailsForAdminsOnly() {
		Map<String, Object> anonymous = TestStack.get()
			.client()
			.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(anonymous).extractingByKey("components").asInstanceOf(MAP).extractingByKey("vmware")
			.asInstanceOf(MAP).containsEntry("status", "UP").doesNotContainKey("details");

		Map<String, Object> forAdmin = this.admin.json(this.admin.get("/actuator/health"), HttpStatus.OK);
		Map<String, Object> vmware = (Map<String, Object>) ((Map<String, Object>) forAdmin.get("components")).get("vmware");
		assertThat(vmware).containsEntry("status", "UP");
		Map<String, Object> details = (Map<String, Object>) vmware.get("details");
		assertThat(details).containsEntry("reachable", true);
		assertThat((Map<String, Map<String, Object>>) details.get("workers")).isNotEmpty()
			.allSatisfy((instance, worker) -> assertThat(worker).containsEntry("type", "simulated")
				.containsEntry("reachable", true)
				.containsKeys("breaker", "endpoint", "reported_seconds_ago"));
	}

	private Map<String, Object> operations(int minutes) {
		return this.admin.json(this.admin.get("/v1/admin/operations?minutes=" + minutes), HttpStatus.OK);
	}

	private static long number(Map<String, Object> map, String key) {
		return ((Number) map.get(key)).longValue();
	}

}
