package cloud.ims.standalone.e2e;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batches with explicit semantics, under injected VMware Service failures, and quotas that racing requests cannot
 * exceed.
 */
class EcsBatchIT {

	/** Five of fifty: the ECSs named ...-0005, -0015, -0025, -0035 and -0045. */
	private static final String TEN_PERCENT = ".*-00[0-4]5";

	private final Tenant tenant = Tenant.newProject();

	private final Tenant admin = Tenant.newProject(true);

	@Test
	@SuppressWarnings("unchecked")
	void bestEffortSucceedsWithTheEcssItCouldCreateAndReleasesTheRest() {
		Map<String, Object> job;
		List<String> serverIds;
		try (VmwareConditions faults = VmwareConditions.failingNames(TEN_PERCENT)) {
			Map<String, Object> accepted = create("be", 50, null);
			serverIds = (List<String>) accepted.get("serverIds");
			job = this.tenant.awaitJob((String) accepted.get("job_id"));
		}

		assertThat(job).containsEntry("status", "SUCCESS");
		List<Map<String, Object>> subJobs = subJobs(job);
		assertThat(subJobs).filteredOn((subJob) -> "FAIL".equals(subJob.get("status"))).hasSize(5)
			.allSatisfy((subJob) -> assertThat(subJob).containsEntry("error_code", "Ecs.0503"));
		assertThat(subJobs).filteredOn((subJob) -> "SUCCESS".equals(subJob.get("status"))).hasSize(45);
		assertThat(count("be", "ERROR")).isEqualTo(5);
		assertThat(count("be", "ACTIVE")).isEqualTo(45);
		assertThat(serverIds).hasSize(50);
		assertThat(limits()).containsEntry("totalInstancesUsed", 45).containsEntry("totalCoresUsed", 45);
	}

	@Test
	@SuppressWarnings("unchecked")
	void allOrNothingDeletesEveryEcsOfTheJobWhenTooFewCouldBeCreated() {
		Map<String, Object> job;
		List<String> serverIds;
		try (VmwareConditions faults = VmwareConditions.failingNames(TEN_PERCENT)) {
			Map<String, Object> accepted = create("aon", 50, "{\"mode\":\"all_or_nothing\"}");
			serverIds = (List<String>) accepted.get("serverIds");
			job = this.tenant.awaitJob((String) accepted.get("job_id"));
		}

		assertThat(job).containsEntry("status", "FAIL").containsEntry("error_code", "Ecs.0010");
		assertThat((String) job.get("fail_reason")).contains("5 of 50 ECSs failed").contains("deleted again");
		assertThat(this.tenant.json(this.tenant.get(servers() + "/detail?name=aon"), HttpStatus.OK))
			.containsEntry("count", 0);
		assertThat(serverIds).allSatisfy((id) -> assertThat(TestStack.get().dataDir()
			.resolve("vmware/disks/" + id + ".qcow2")).doesNotExist());
		assertThat(limits()).containsEntry("totalInstancesUsed", 0).containsEntry("totalRAMUsed", 0);
	}

	@Test
	void allOrNothingSucceedsWhenTheMinimumWasCreated() {
		Map<String, Object> job;
		try (VmwareConditions faults = VmwareConditions.failingNames(TEN_PERCENT)) {
			Map<String, Object> accepted = create("min", 50, "{\"mode\":\"all_or_nothing\",\"min_count\":45}");
			job = this.tenant.awaitJob((String) accepted.get("job_id"));
		}

		assertThat(job).containsEntry("status", "SUCCESS");
		assertThat(count("min", "ACTIVE")).isEqualTo(45);
	}

	@Test
	void acceptsExactlyOneOfTwoRacingBatchesThatTogetherExceedTheQuota() {
		setQuota("{\"instances\":10}");
		String body = """
				{"server":{"imageRef":"%s","flavorRef":"s6.small.1","name":"race","count":6}}"""
			.formatted(this.tenant.baseImageId());

		List<Integer> statuses = List.of(racer(body), racer(body)).stream().map(CompletableFuture::join).toList();

		assertThat(statuses).containsExactlyInAnyOrder(202, 429);
		assertThat(limits()).containsEntry("maxTotalInstances", 10).containsEntry("totalInstancesUsed", 6);
	}

	@Test
	void refusesABatchOverTheQuotaUpFrontEvenInADryRun() {
		setQuota("{\"cores\":3}");

		IsolationIT.assertError(this.tenant.post(servers(), """
				{"dry_run":true,"server":{"imageRef":"%s","flavorRef":"s6.large.2","name":"big","count":2}}"""
			.formatted(this.tenant.baseImageId())), HttpStatus.TOO_MANY_REQUESTS, "Ecs.0429");
		IsolationIT.assertError(this.tenant.post(servers(), """
				{"server":{"imageRef":"%s","flavorRef":"s6.large.2","name":"big","count":2}}"""
			.formatted(this.tenant.baseImageId())), HttpStatus.TOO_MANY_REQUESTS, "Ecs.0429");
		assertThat(limits()).containsEntry("totalCoresUsed", 0);
		assertThat(this.tenant.json(this.tenant.get(servers() + "/detail"), HttpStatus.OK)).containsEntry("count", 0);
	}

	@Test
	void validatesTheBatchPolicy() {
		IsolationIT.assertError(this.tenant.post(servers(), """
				{"server":{"imageRef":"%s","flavorRef":"s6.small.1","name":"p","count":2},
				 "batch_policy":{"mode":"all_or_nothing","min_count":3}}""".formatted(this.tenant.baseImageId())),
				HttpStatus.BAD_REQUEST, "Ecs.0005");
		IsolationIT.assertError(this.tenant.post(servers(), """
				{"server":{"imageRef":"%s","flavorRef":"s6.small.1","name":"p","count":2},
				 "batch_policy":{"mode":"most"}}""".formatted(this.tenant.baseImageId())),
				HttpStatus.BAD_REQUEST, "Ecs.0005");
	}

	private CompletableFuture<Integer> racer(String body) {
		return CompletableFuture.supplyAsync(() -> this.tenant.post(servers(), body).returnResult(String.class)
			.getStatus().value());
	}

	private Map<String, Object> create(String name, int count, String policy) {
		return this.tenant.json(this.tenant.post(servers(), """
				{"server":{"imageRef":"%s","flavorRef":"s6.small.1","name":"%s","count":%d}%s}"""
			.formatted(this.tenant.baseImageId(), name, count, (policy != null) ? ",\"batch_policy\":" + policy : "")),
				HttpStatus.ACCEPTED);
	}

	private void setQuota(String body) {
		this.admin.http.put().uri("/v1/admin/quotas/" + this.tenant.projectId).header("X-Auth-Token", this.admin.token)
			.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectStatus().isOk();
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> limits() {
		return (Map<String, Object>) this.tenant.json(this.tenant.get(servers() + "/limits"), HttpStatus.OK).get("absolute");
	}

	private int count(String name, String status) {
		return (Integer) this.tenant.json(this.tenant.get(servers() + "/detail?name=" + name + "&status=" + status),
				HttpStatus.OK).get("count");
	}

	private String servers() {
		return "/v1/" + this.tenant.projectId + "/cloudservers";
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> subJobs(Map<String, Object> job) {
		return (List<Map<String, Object>>) ((Map<String, Object>) job.get("entities")).get("sub_jobs");
	}

}
