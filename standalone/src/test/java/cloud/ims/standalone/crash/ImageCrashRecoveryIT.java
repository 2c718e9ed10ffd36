package cloud.ims.standalone.crash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import cloud.ims.standalone.e2e.FaultReport;
import cloud.ims.standalone.e2e.FileServer;
import cloud.ims.standalone.events.EventLog;
import cloud.ims.standalone.keys.SecurityMaterial;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

import static cloud.ims.standalone.crash.StackApi.entities;
import static cloud.ims.standalone.crash.StackApi.percent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kills the whole standalone stack with SIGKILL in the middle of an import (a web download served slowly) and of an
 * upload (a client that stopped sending), and, after a restart, in the middle of a capture (the VMware Service slow
 * to export); each time it starts again on the same data. The import and the capture still end with exactly one
 * image each; the upload, which nobody can resume, ends in FAIL with its image killed. Nothing is left in staging,
 * work, the store or the VMware Service's export area that no image refers to.
 */
class ImageCrashRecoveryIT {

	private static final String PROJECT = "crash-images";

	private static final int SOURCE_SIZE = 4 * 1024 * 1024;

	private static final int UPLOADED_BEFORE_KILL = 1024 * 1024;

	private static final List<String> SETTINGS = List.of("--ims.watchdog.interval=2s",
			"--ims.watchdog.stall-timeout=15s", "--ims.outbox.relay-interval=1s", "--ims.import.allowed-hosts=localhost");

	@TempDir
	Path directory;

	@Test
	void finishesAnImportAndACaptureInterruptedByKillsWithNothingDuplicatedOrOrphaned() throws Exception {
		Assumptions.assumeTrue(StandaloneProcess.isBuilt(), "needs target/ims-standalone.jar (mvn package)");
		Path data = this.directory.resolve("data");
		String token = SecurityMaterial.ensure(data).tokenIssuer().issue(PROJECT, "alice", false, Duration.ofHours(1));
		Path source = rawDisk(this.directory.resolve("big.raw"));
		String serverId;
		String importJob;
		String captureJob;
		double importDoneWhenKilled;
		String uploadedImage;
		Disposable upload;
		// About 6 s per download: long enough to be killed in the middle, short enough for CI.
		try (FileServer files = FileServer.start().slow("/big.raw", source, 64 * 1024, Duration.ofMillis(100))) {
			try (StandaloneProcess first = new StandaloneProcess(data, SETTINGS).start()) {
				StackApi api = new StackApi(first, token);
				serverId = activeServer(api);
				uploadedImage = (String) api.post("/v2/images", "{\"name\":\"uploaded\",\"disk_format\":\"raw\"}",
						HttpStatus.CREATED).get("id");
				upload = uploadCutOff(first.webClient(), token, uploadedImage);
				// The gateway has taken in the first part (the upload's job counts its bytes: 60% of the job for all of
				// them); the staged file may hold less, since staging writes whole blocks of 4 MiB (ADR 25).
				await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> percent(uploadJob(api, uploadedImage))
						>= 0.6 * UPLOADED_BEFORE_KILL / SOURCE_SIZE - 1e-9);
				importJob = (String) api.post("/v2/cloudimages/action", "{\"name\":\"imported\",\"image_url\":\""
						+ files.url("/big.raw") + "\",\"min_disk\":1,\"disk_format\":\"raw\"}", HttpStatus.ACCEPTED)
					.get("job_id");
				importDoneWhenKilled = percent(
						api.awaitJob(PROJECT, importJob, Duration.ofSeconds(60), (job) -> percent(job) >= 0.1));

				first.kill();
				upload.dispose();
			}
			Path conditions = data.resolve("vmware/conditions.properties");
			try (StandaloneProcess second = new StandaloneProcess(data, SETTINGS).start()) {
				StackApi api = new StackApi(second, token);
				assertThat(api.awaitEnd(PROJECT, importJob, Duration.ofSeconds(90))).containsEntry("status", "SUCCESS");

				// The export waits this long in the VMware Service, with the job running and the image saving.
				Files.writeString(conditions, "latency=60s\n");
				captureJob = (String) api.post("/v2/cloudimages/action",
						"{\"name\":\"captured\",\"instance_id\":\"" + serverId + "\"}", HttpStatus.ACCEPTED).get("job_id");
				String capturedImage = (String) entities(api.get("/v1/" + PROJECT + "/jobs/" + captureJob)).get("image_id");
				api.awaitJob(PROJECT, captureJob, Duration.ofSeconds(30), (job) -> "RUNNING".equals(job.get("status"))
						&& "saving".equals(api.get("/v2/images/" + capturedImage).get("status")));

				second.kill();
			}
			Files.delete(conditions);
			try (StandaloneProcess third = new StandaloneProcess(data, SETTINGS).start()) {
				StackApi api = new StackApi(third, token);
				Map<String, Object> capture = api.awaitEnd(PROJECT, captureJob, Duration.ofSeconds(90));
				Map<String, Object> imported = api.get("/v1/" + PROJECT + "/jobs/" + importJob);

				assertThat(capture).containsEntry("status", "SUCCESS");
				assertThat(imported).containsEntry("status", "SUCCESS");
				Map<String, Object> uploadJob = uploadJob(api, uploadedImage);
				assertThat(uploadJob).containsEntry("status", "FAIL").containsEntry("error_code", "IMS.0408");
				assertThat((String) uploadJob.get("fail_reason")).isNotBlank();
				Set<String> imageIds = Set.of((String) entities(imported).get("image_id"),
						(String) entities(capture).get("image_id"));
				List<Map<String, Object>> images = images(api, "/v2/cloudimages?__imagetype=private");
				assertThat(images).extracting((image) -> image.get("name") + " " + image.get("status"))
					.containsExactlyInAnyOrder("imported active", "captured active", "uploaded killed");
				assertThat(images).extracting((image) -> image.get("id"))
					.containsAll(imageIds).contains(uploadedImage);
				Set<String> stored = new HashSet<>(names(data.resolve("images/objects")));
				stored.removeAll(ids(images(api, "/v2/cloudimages?__imagetype=gold")));
				assertThat(stored).isEqualTo(imageIds);
				assertThat(names(data.resolve("images/staging"))).isEmpty();
				assertThat(names(data.resolve("images/work"))).isEmpty();
				assertThat(names(data.resolve("vmware/exports"))).isEmpty();
				assertThat(names(data.resolve("vmware/disks"))).containsExactly(serverId + ".qcow2");
				assertThat(imageQuotaUsed(api)).isEqualTo(2);
				// Through both kills the event stream stayed whole: versions 1, 2, 3... per resource, each image's last
				// event its state, one terminal event per job.
				Map<String, String> lastStates = Map.of("image " + entities(imported).get("image_id"), "active imported",
						"image " + entities(capture).get("image_id"), "active captured", "image " + uploadedImage,
						"killed uploaded", "job " + importJob, "SUCCESS", "job " + captureJob, "SUCCESS",
						"job " + uploadJob.get("job_id"), "FAIL");
				EventLog events = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
					.until(() -> EventLog.read(third.bootstrapServers(), Set.of(PROJECT)), (log) -> lastStates
						.entrySet().stream().allMatch((state) -> log.last(state.getKey()).equals(state.getValue())));
				assertThat(events.versionGaps()).isEmpty();
				assertThat(List.of(importJob, captureJob, (String) uploadJob.get("job_id")))
					.allSatisfy((job) -> assertThat(events.of("job " + job)).filteredOn(EventLog.Event::terminal)
						.hasSize(1));
				FaultReport.write("ImageCrashRecoveryIT",
						"SIGKILL during an import (job at " + Math.round(importDoneWhenKilled * 100) + "% when killed) and an "
								+ "upload (" + UPLOADED_BEFORE_KILL / 1024 + " KiB of " + SOURCE_SIZE / 1024 + " staged), then "
								+ "SIGKILL during a capture (export pending)",
						"accepted: 3 image jobs (1 import, 1 upload, 1 capture) + 1 ECS job",
						"completed: import SUCCESS, capture SUCCESS; 2 images active, 2 objects in the store",
						"failed with reason: 1, the upload nobody can resume: FAIL IMS.0408, its image killed, its partial "
								+ "file removed",
						"lost: 0; duplicated: 0; orphaned staging/work/export files: 0; image quota used: 2",
						"events: versions without gaps, every image's last event its state, one terminal event per job");
			}
		}
	}

	/** Starts an upload that announces the whole file, sends the first part and then nothing more. */
	private static Disposable uploadCutOff(WebClient client, String token, String imageId) {
		Flux<DataBuffer> firstPart = Flux.range(0, UPLOADED_BEFORE_KILL / (64 * 1024))
			.map((chunk) -> DefaultDataBufferFactory.sharedInstance.wrap(new byte[64 * 1024]));
		return client.put().uri("/v2/images/" + imageId + "/file").header("X-Auth-Token", token)
			.contentType(MediaType.APPLICATION_OCTET_STREAM).contentLength(SOURCE_SIZE)
			.body(Flux.concat(firstPart, Flux.never()), DataBuffer.class)
			.retrieve().toBodilessEntity()
			.subscribe(null, (cutOff) -> {
			});
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> uploadJob(StackApi api, String imageId) {
		return ((List<Map<String, Object>>) api.get("/v1/" + PROJECT + "/jobs?job_type=imsUploadImageJob").get("jobs"))
			.stream()
			.filter((job) -> imageId.equals(entities(job).get("image_id")))
			.findFirst()
			.orElseThrow();
	}

	@SuppressWarnings("unchecked")
	private static String activeServer(StackApi api) {
		String image = ids(images(api, "/v2/cloudimages?name=ims-base-linux")).get(0);
		Map<String, Object> accepted = api.post("/v1/" + PROJECT + "/cloudservers", "{\"server\":{\"imageRef\":\""
				+ image + "\",\"flavorRef\":\"s6.small.1\",\"name\":\"source\",\"count\":1}}", HttpStatus.ACCEPTED);
		assertThat(api.awaitEnd(PROJECT, (String) accepted.get("job_id"), Duration.ofSeconds(60)))
			.containsEntry("status", "SUCCESS");
		return ((List<String>) accepted.get("serverIds")).get(0);
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> images(StackApi api, String path) {
		return (List<Map<String, Object>>) api.get(path).get("images");
	}

	private static List<String> ids(List<Map<String, Object>> images) {
		return images.stream().map((image) -> (String) image.get("id")).toList();
	}

	@SuppressWarnings("unchecked")
	private static int imageQuotaUsed(StackApi api) {
		Map<String, Object> quotas = (Map<String, Object>) api.get("/v1/cloudimages/quota").get("quotas");
		return ((List<Map<String, Object>>) quotas.get("resources")).stream()
			.filter((resource) -> "image".equals(resource.get("type")))
			.map((resource) -> ((Number) resource.get("used")).intValue())
			.findFirst()
			.orElseThrow();
	}

	private static List<String> names(Path directory) throws IOException {
		if (!Files.isDirectory(directory)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(directory)) {
			return files.map((file) -> file.getFileName().toString()).toList();
		}
	}

	/** A raw disk (an MBR signature, then random data), so that its stored form cannot be guessed from its size. */
	private static Path rawDisk(Path file) throws IOException {
		byte[] bytes = new byte[SOURCE_SIZE];
		new Random(42).nextBytes(bytes);
		bytes[510] = 0x55;
		bytes[511] = (byte) 0xAA;
		return Files.write(file, bytes);
	}

}
