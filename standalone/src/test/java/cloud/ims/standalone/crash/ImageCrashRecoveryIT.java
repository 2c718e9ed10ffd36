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
import cloud.ims.standalone.keys.SecurityMaterial;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;

import static cloud.ims.standalone.crash.StackApi.entities;
import static cloud.ims.standalone.crash.StackApi.percent;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills the whole standalone stack with SIGKILL in the middle of an import (a web download served slowly) and, after
 * a restart, in the middle of a capture (the VMware Service slow to export); each time it starts again on the same
 * data. Both jobs still end, each with exactly one image, and nothing is left in staging, work, the store or the
 * VMware Service's export area that no image refers to.
 */
class ImageCrashRecoveryIT {

	private static final String PROJECT = "crash-images";

	private static final int SOURCE_SIZE = 4 * 1024 * 1024;

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
		// About 6 s per download: long enough to be killed in the middle, short enough for CI.
		try (FileServer files = FileServer.start().slow("/big.raw", source, 64 * 1024, Duration.ofMillis(100))) {
			try (StandaloneProcess first = new StandaloneProcess(data, SETTINGS).start()) {
				StackApi api = new StackApi(first, token);
				serverId = activeServer(api);
				importJob = (String) api.post("/v2/cloudimages/action", "{\"name\":\"imported\",\"image_url\":\""
						+ files.url("/big.raw") + "\",\"min_disk\":1,\"disk_format\":\"raw\"}", HttpStatus.ACCEPTED)
					.get("job_id");
				importDoneWhenKilled = percent(
						api.awaitJob(PROJECT, importJob, Duration.ofSeconds(60), (job) -> percent(job) >= 0.1));

				first.kill();
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
				Set<String> imageIds = Set.of((String) entities(imported).get("image_id"),
						(String) entities(capture).get("image_id"));
				List<Map<String, Object>> images = images(api, "/v2/cloudimages?__imagetype=private");
				assertThat(images).extracting((image) -> image.get("name"))
					.containsExactlyInAnyOrder("imported", "captured");
				assertThat(images).extracting((image) -> image.get("id")).containsExactlyInAnyOrderElementsOf(imageIds);
				assertThat(images).allSatisfy((image) -> assertThat(image).containsEntry("status", "active"));
				Set<String> stored = new HashSet<>(names(data.resolve("images/objects")));
				stored.removeAll(ids(images(api, "/v2/cloudimages?__imagetype=gold")));
				assertThat(stored).isEqualTo(imageIds);
				assertThat(names(data.resolve("images/staging"))).isEmpty();
				assertThat(names(data.resolve("images/work"))).isEmpty();
				assertThat(names(data.resolve("vmware/exports"))).isEmpty();
				assertThat(names(data.resolve("vmware/disks"))).containsExactly(serverId + ".qcow2");
				assertThat(imageQuotaUsed(api)).isEqualTo(2);
				FaultReport.write("ImageCrashRecoveryIT",
						"SIGKILL during an import (job at " + Math.round(importDoneWhenKilled * 100) + "% when killed) and "
								+ "during a capture (export pending)",
						"accepted: 2 jobs (1 import, 1 capture) + 1 ECS job",
						"completed: import SUCCESS, capture SUCCESS; 2 images active, 2 objects in the store",
						"failed: 0; lost: 0; duplicated: 0; orphaned staging/work/export files: 0; image quota used: 2");
			}
		}
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
