package cloud.ims.standalone.e2e;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batch start, stop, reboot and delete: one job, one sub-job per ECS; an operation the state of an ECS forbids fails
 * in its own sub-job and does not fail the others.
 */
class EcsLifecycleIT {

	private final Tenant tenant = Tenant.newProject();

	@Test
	@SuppressWarnings("unchecked")
	void operatesOnBatchesFailingOnlyWhereTheStateForbidsIt() {
		Map<String, Object> accepted = this.tenant.createServers(this.tenant.baseImageId(), "life", 2);
		this.tenant.awaitJob((String) accepted.get("job_id"));
		List<String> ids = (List<String>) accepted.get("serverIds");
		String first = ids.get(0);
		String second = ids.get(1);

		assertThat(act("os-stop", List.of(first), "SOFT")).containsEntry("status", "SUCCESS")
			.containsEntry("job_type", "stopServer");
		assertThat(status(first)).isEqualTo("SHUTOFF");

		Map<String, Object> start = act("os-start", ids, null);
		assertThat(start).containsEntry("status", "FAIL").containsEntry("error_code", "Ecs.0406");
		assertThat(outcomes(start)).containsEntry(first, "SUCCESS").containsEntry(second, "FAIL");
		assertThat(status(first)).isEqualTo("ACTIVE");
		assertThat(status(second)).isEqualTo("ACTIVE");

		assertThat(act("reboot", ids, "HARD")).containsEntry("status", "SUCCESS").containsEntry("job_type",
				"rebootServer");
		assertThat(act("os-stop", ids, "HARD")).containsEntry("status", "SUCCESS");
		Map<String, Object> reboot = act("reboot", List.of(first), "SOFT");
		assertThat(reboot).containsEntry("status", "FAIL");
		assertThat(EcsBatchIT.subJobs(reboot).get(0)).containsEntry("error_code", "Ecs.0406");

		Map<String, Object> deleted = this.tenant.awaitJob((String) this.tenant.json(this.tenant.post(servers() + "/delete",
				"{\"servers\":[{\"id\":\"" + first + "\"},{\"id\":\"" + second + "\"}],\"delete_volume\":true}"),
				HttpStatus.ACCEPTED).get("job_id"));
		assertThat(deleted).containsEntry("status", "SUCCESS").containsEntry("job_type", "deleteServer");
		this.tenant.get(servers() + "/" + first).expectStatus().isNotFound();
		assertThat(ids).allSatisfy((id) -> assertThat(TestStack.get().dataDir().resolve("vmware/disks/" + id + ".qcow2"))
			.doesNotExist());
		assertThat(((Map<String, Object>) this.tenant.json(this.tenant.get(servers() + "/limits"), HttpStatus.OK)
			.get("absolute"))).containsEntry("totalInstancesUsed", 0);
		IsolationIT.assertError(this.tenant.post(servers() + "/delete", "{\"servers\":[{\"id\":\"" + first + "\"}]}"),
				HttpStatus.NOT_FOUND, "Ecs.0404");
	}

	@Test
	void refusesMalformedOperations() {
		IsolationIT.assertError(this.tenant.post(servers() + "/action", "{\"os-start\":{\"servers\":[]}}"),
				HttpStatus.BAD_REQUEST, "Ecs.0005");
		IsolationIT.assertError(this.tenant.post(servers() + "/action", "{\"os-start\":{\"servers\":[{\"id\":\"x\"}]},"
				+ "\"os-stop\":{\"servers\":[{\"id\":\"x\"}]}}"), HttpStatus.BAD_REQUEST, "Ecs.0005");
		IsolationIT.assertError(this.tenant.post(servers() + "/action",
				"{\"os-stop\":{\"servers\":[{\"id\":\"x\"}],\"type\":\"GENTLE\"}}"), HttpStatus.BAD_REQUEST, "Ecs.0005");
		IsolationIT.assertError(this.tenant.post(servers() + "/action",
				"{\"os-start\":{\"servers\":[{\"id\":\"00000000-0000-0000-0000-000000000000\"}]}}"), HttpStatus.NOT_FOUND,
				"Ecs.0404");
	}

	private Map<String, Object> act(String action, List<String> ids, String type) {
		String servers = String.join(",", ids.stream().map((id) -> "{\"id\":\"" + id + "\"}").toList());
		String body = "{\"" + action + "\":{\"servers\":[" + servers + "]" + ((type != null) ? ",\"type\":\"" + type + "\"" : "")
				+ "}}";
		return this.tenant.awaitJob((String) this.tenant.json(this.tenant.post(servers() + "/action", body),
				HttpStatus.ACCEPTED).get("job_id"));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> outcomes(Map<String, Object> job) {
		Map<String, Object> outcomes = new java.util.HashMap<>();
		EcsBatchIT.subJobs(job).forEach((subJob) -> outcomes
			.put((String) ((Map<String, Object>) subJob.get("entities")).get("server_id"), subJob.get("status")));
		return outcomes;
	}

	@SuppressWarnings("unchecked")
	private String status(String id) {
		return (String) ((Map<String, Object>) this.tenant.json(this.tenant.get(servers() + "/" + id), HttpStatus.OK)
			.get("server")).get("status");
	}

	private String servers() {
		return "/v1/" + this.tenant.projectId + "/cloudservers";
	}

}
