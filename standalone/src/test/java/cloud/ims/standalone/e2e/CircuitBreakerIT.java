package cloud.ims.standalone.e2e;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * While the VMware Service is down, the circuit breaker opens and ECSs fail fast with a clear code; once the
 * service is back, the breaker lets calls through again by itself.
 */
class CircuitBreakerIT {

	private final Tenant tenant = Tenant.newProject();

	@Test
	void failsFastWhileTheServiceIsDownAndRecoversByItself() {
		Map<String, Object> first;
		Map<String, Object> next;
		try (VmwareConditions down = VmwareConditions.down()) {
			first = this.tenant.awaitJob((String) this.tenant.createServers(this.tenant.baseImageId(), "cb", 20)
				.get("job_id"));
			// The 20 ran at once, so the breaker could only judge them once their retries were over: it is open now,
			// or half open (a few trial calls) if its wait passed, and what comes next fails fast.
			next = this.tenant.awaitJob((String) this.tenant.createServers(this.tenant.baseImageId(), "cb-fast", 10)
				.get("job_id"));
		}

		assertThat(first).containsEntry("status", "FAIL");
		assertThat(EcsBatchIT.subJobs(first)).allSatisfy((subJob) -> assertThat(subJob).containsEntry("status", "FAIL")
			.hasEntrySatisfying("error_code", (code) -> assertThat(code).isIn("Ecs.0503", "Ecs.0504")));
		assertThat(next).containsEntry("status", "FAIL");
		assertThat(EcsBatchIT.subJobs(next)).allSatisfy((subJob) -> assertThat(subJob).containsEntry("status", "FAIL"))
			.anySatisfy((subJob) -> assertThat(subJob).containsEntry("error_code", "Ecs.0504"));

		// Three at once: the half-open breaker lets three trial calls through, and closes when they succeed.
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> EcsBatchIT
			.subJobs(this.tenant.awaitJob((String) this.tenant.createServers(this.tenant.baseImageId(), "after", 3)
				.get("job_id")))
			.stream().allMatch((subJob) -> "SUCCESS".equals(subJob.get("status"))));
	}

}
