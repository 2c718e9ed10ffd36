package cloud.ims.standalone.e2e;

import java.util.List;
import java.util.Map;

import cloud.ims.standalone.ImsStack;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every service exposes its meters to Prometheus: the gateway counts what it accepts, the worker that ends a job
 * counts it with its duration, the provisioning-worker times the VMware Service and shows its breaker and its
 * consumer lag, the image-worker counts the bytes it takes in and converts.
 */
class MetricsIT {

	private static final Map<String, String> CREATE_SERVER = Map.of("type", "createServer");

	private static final Map<String, String> CREATE_SERVER_SUCCESS = Map.of("type", "createServer", "outcome",
			"SUCCESS");

	private final Tenant tenant = Tenant.newProject();

	private final ImsStack stack = TestStack.get().stack();

	@Test
	void countsABatchWhereItIsAcceptedAndWhereItEnds() {
		PrometheusScrape gatewayBefore = PrometheusScrape.of(this.stack.gateway());
		PrometheusScrape workerBefore = PrometheusScrape.of(this.stack.provisioningWorker());

		String job = (String) this.tenant.createServers(this.tenant.baseImageId(), "metered", 3).get("job_id");
		assertThat(this.tenant.awaitJob(job)).containsEntry("status", "SUCCESS");

		PrometheusScrape gateway = PrometheusScrape.of(this.stack.gateway());
		PrometheusScrape worker = PrometheusScrape.of(this.stack.provisioningWorker());
		assertThat(gateway.sum("ims_jobs_accepted_total", CREATE_SERVER))
			.isEqualTo(gatewayBefore.sum("ims_jobs_accepted_total", CREATE_SERVER) + 1);
		// Worker-side counts may also move with jobs of earlier tests still ending; the job store's tests count exactly.
		Map<String, String> succeeded = Map.of("type", "createServer", "outcome", "SUCCESS", "error_code", "none");
		assertThat(worker.sum("ims_jobs_finished_total", succeeded))
			.isGreaterThanOrEqualTo(workerBefore.sum("ims_jobs_finished_total", succeeded) + 1);
		assertThat(worker.sum("ims_job_duration_seconds_count", CREATE_SERVER_SUCCESS))
			.isGreaterThanOrEqualTo(workerBefore.sum("ims_job_duration_seconds_count", CREATE_SERVER_SUCCESS) + 1);
		assertThat(worker.has("ims_job_duration_seconds_bucket")).isTrue();
		assertThat(worker.sum("ims_subjobs_finished_total", CREATE_SERVER_SUCCESS))
			.isGreaterThanOrEqualTo(workerBefore.sum("ims_subjobs_finished_total", CREATE_SERVER_SUCCESS) + 3);
		Map<String, String> creates = Map.of("operation", "create", "outcome", "success");
		assertThat(worker.sum("ims_driver_calls_seconds_count", creates))
			.isGreaterThanOrEqualTo(workerBefore.sum("ims_driver_calls_seconds_count", creates) + 3);
		// The gauge is 1 for the breaker's state and 0 for every other: closed, as every call of the job succeeded.
		assertThat(worker.sum("ims_driver_breaker_state", Map.of("name", "vmware", "state", "closed"))).isEqualTo(1.0);
		assertThat(worker.sum("ims_driver_breaker_state", Map.of("name", "vmware", "state", "open"))).isZero();
		assertThat(worker.sum("ims_driver_breaker_state", Map.of("name", "vmware", "state", "half_open"))).isZero();
		assertThat(worker.has("kafka_consumer_fetch_manager_records_lag_max")).isTrue();
		// Only the Kafka client meters worth charting: 24 consumers would otherwise make a scrape of over 400 KB.
		assertThat(worker.has("kafka_consumer_io_wait_ratio")).isFalse();
		assertThat(worker.toString()).hasSizeLessThan(200 * 1024);
	}

	@Test
	void countsTheBytesOfACapturedImage() {
		String serverId = this.tenant.activeServer("to-capture");
		PrometheusScrape before = PrometheusScrape.of(this.stack.imageWorker());

		Map<String, Object> accepted = this.tenant.json(this.tenant.post("/v2/cloudimages/action",
				"{\"name\":\"metered\",\"instance_id\":\"" + serverId + "\"}"), HttpStatus.ACCEPTED);
		assertThat(this.tenant.awaitJob((String) accepted.get("job_id"))).containsEntry("status", "SUCCESS");

		PrometheusScrape after = PrometheusScrape.of(this.stack.imageWorker());
		Map<String, String> qcow2 = Map.of("format", "qcow2");
		assertThat(after.sum("ims_image_imported_bytes_total", qcow2))
			.isGreaterThan(before.sum("ims_image_imported_bytes_total", qcow2));
		Map<String, String> toVmdk = Map.of("from", "qcow2", "to", "vmdk");
		assertThat(after.sum("ims_image_converted_bytes_total", toVmdk))
			.isGreaterThan(before.sum("ims_image_converted_bytes_total", toVmdk));
		Map<String, String> captured = Map.of("type", "imsCreateImageByInstance", "outcome", "SUCCESS");
		assertThat(after.sum("ims_jobs_finished_total", captured))
			.isGreaterThanOrEqualTo(before.sum("ims_jobs_finished_total", captured) + 1);
	}

	@Test
	void exposesHealthOnEveryService() {
		for (var service : List.of(this.stack.gateway(), this.stack.imageWorker(), this.stack.provisioningWorker())) {
			PrometheusScrape.get(service, "/actuator/health").exchange()
				.expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("UP");
		}
	}

}
