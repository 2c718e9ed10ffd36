package cloud.ims.standalone.vsphere;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import cloud.ims.core.compute.vsphere.VcenterView;
import cloud.ims.core.compute.vsphere.VcenterView.Vm;
import cloud.ims.core.compute.vsphere.Vcsim;
import cloud.ims.standalone.crash.StandaloneProcess;
import cloud.ims.standalone.e2e.FaultReport;
import cloud.ims.standalone.keys.SecurityMaterial;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The standalone stack driving a vCenter (govmomi's vcsim) end to end, through the public HTTPS API, with every
 * outcome checked in vCenter's own inventory: batches, the lifecycle, capture and release of an image, vCenter
 * unreachable under load (a proxy in between is cut and restored), and a create redelivered after a SIGKILL of the
 * stack. One vcsim and one stack process for the class (starts are expensive); the kill comes last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VsphereIT {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	private static final String PROJECT = "vsphere";

	/** Minutes, not seconds: another build may be using the machine's two cores. */
	private static final Duration JOB_END = Duration.ofMinutes(4);

	/** s6.small.1 */
	private static final int FLAVOR_CPUS = 1;

	private static final int FLAVOR_MEMORY_MB = 1024;

	@TempDir
	static Path directory;

	private static Vcsim vcsim;

	private static VcenterProxy proxy;

	private static VcenterView vcenter;

	private static StandaloneProcess stack;

	private static String token;

	private static String adminToken;

	@BeforeAll
	static void start() throws IOException {
		Assumptions.assumeTrue(StandaloneProcess.isBuilt(), "needs target/ims-standalone.jar (mvn package)");
		// A clone takes 1.5 s, and a worker keeps 4 operations in flight: a batch of 30 takes long enough to be
		// killed in the middle, the other batches stay short.
		vcsim = Vcsim.start("-method-delay", "CloneVM_Task=1500");
		proxy = VcenterProxy.to(vcsim.url());
		vcenter = VcenterView.of(vcsim.url());
		Path data = directory.resolve("data");
		SecurityMaterial keys = SecurityMaterial.ensure(data);
		token = keys.tokenIssuer().issue(PROJECT, "vera", false, Duration.ofHours(2));
		adminToken = keys.tokenIssuer().issue("operators", "olga", true, Duration.ofHours(2));
		stack = new StandaloneProcess(data, settings()).start();
	}

	@AfterAll
	static void stop() throws Exception {
		if (stack != null) {
			stack.close();
		}
		if (vcenter != null) {
			vcenter.close();
		}
		if (proxy != null) {
			proxy.close();
		}
		if (vcsim != null) {
			vcsim.close();
		}
	}

	private static List<String> settings() {
		return List.of("--ims.driver.type=vsphere", "--ims.vsphere.url=" + proxy.in(vcsim.url()),
				"--ims.vsphere.username=" + Vcsim.USERNAME, "--ims.vsphere.password=" + Vcsim.PASSWORD,
				"--ims.vsphere.network=VM Network", "--ims.vsphere.task-poll-interval=100ms",
				"--ims.driver.max-in-flight=4",
				// vCenter unreachable: retries end soon, the breaker opens after a few failures and tries again soon.
				"--ims.driver.resilience.initial-backoff=20ms", "--ims.driver.resilience.max-backoff=100ms",
				"--ims.driver.resilience.sliding-window-size=10", "--ims.driver.resilience.open-state-wait=2s",
				"--ims.watchdog.interval=2s", "--ims.watchdog.stall-timeout=15s", "--ims.outbox.relay-interval=1s",
				"--ims.driver.power-sync-interval=1s");
	}

	@Test
	@Order(1)
	void createsABatchAsPoweredOnVmsWithTheFlavorFromOneTemplate() {
		String image = baseImage();

		Map<String, Object> accepted = createServers(image, "batch", 20);
		Map<String, Object> job = awaitEnd(jobId(accepted));

		assertThat(job).containsEntry("status", "SUCCESS");
		assertThat(subJobs(job)).hasSize(20).allSatisfy((subJob) -> assertThat(subJob).containsEntry("status", "SUCCESS"));
		List<String> ids = serverIds(accepted);
		List<Vm> vms = vmsOf(ids);
		assertThat(vms).hasSize(20)
			.allSatisfy((vm) -> assertThat(vm).returns("ims-" + vm.serverId(), Vm::name)
				.returns("poweredOn", Vm::powerState)
				.returns(false, Vm::template)
				.returns(FLAVOR_CPUS, Vm::numCpu)
				.returns(FLAVOR_MEMORY_MB, Vm::memoryMb));
		assertThat(vms).extracting(Vm::serverId).containsExactlyInAnyOrderElementsOf(ids);
		assertThat(vcenter.vms()).filteredOn((vm) -> vm.name().equals("ims-image-" + image))
			.singleElement()
			.returns(true, Vm::template);
	}

	@Test
	@Order(2)
	void followsStopStartRebootAndDeleteInVcenterAndPowerChangesMadeThere() {
		String id = serverIds(accepted(createServers(baseImage(), "life", 1))).get(0);

		assertThat(act("os-stop", id, "SOFT")).containsEntry("status", "SUCCESS");
		assertThat(powerState(id)).isEqualTo("poweredOff");
		assertThat(status(id)).isEqualTo("SHUTOFF");
		assertThat(act("os-start", id, null)).containsEntry("status", "SUCCESS");
		assertThat(powerState(id)).isEqualTo("poweredOn");
		assertThat(status(id)).isEqualTo("ACTIVE");
		assertThat(act("os-stop", id, "HARD")).containsEntry("status", "SUCCESS");
		assertThat(powerState(id)).isEqualTo("poweredOff");
		assertThat(status(id)).isEqualTo("SHUTOFF");
		assertThat(act("os-start", id, null)).containsEntry("status", "SUCCESS");
		assertThat(powerState(id)).isEqualTo("poweredOn");
		assertThat(act("reboot", id, "SOFT")).containsEntry("status", "SUCCESS");
		assertThat(powerState(id)).isEqualTo("poweredOn");
		assertThat(status(id)).isEqualTo("ACTIVE");
		assertThat(act("reboot", id, "HARD")).containsEntry("status", "SUCCESS");
		assertThat(powerState(id)).isEqualTo("poweredOn");
		assertThat(status(id)).isEqualTo("ACTIVE");

		// An administrator powers the VM off and on in vCenter itself: the ECS follows within a sync interval.
		vcenter.powerOff(id);
		await().atMost(Duration.ofSeconds(30)).until(() -> status(id), "SHUTOFF"::equals);
		vcenter.powerOn(id);
		await().atMost(Duration.ofSeconds(30)).until(() -> status(id), "ACTIVE"::equals);
		assertThat(act("os-stop", id, "HARD")).containsEntry("status", "SUCCESS");
		assertThat(powerState(id)).isEqualTo("poweredOff");

		Map<String, Object> deleted = awaitEnd(jobId(post("/v1/" + PROJECT + "/cloudservers/delete",
				"{\"servers\":[{\"id\":\"" + id + "\"}],\"delete_volume\":true}", HttpStatus.ACCEPTED)));

		assertThat(deleted).containsEntry("status", "SUCCESS");
		assertThat(vmsOf(List.of(id))).isEmpty();
		assertThat(vcenter.vm("ims-" + id)).isEmpty();
		api().get().uri("/v1/" + PROJECT + "/cloudservers/" + id).header("X-Auth-Token", token).exchange()
			.expectStatus().isNotFound();
	}

	@Test
	@Order(3)
	@SuppressWarnings("unchecked")
	void capturesAnEcsDiskByteForByteCreatesFromItAndReleasesItsTemplateOnDelete() throws Exception {
		String source = serverIds(accepted(createServers(baseImage(), "golden", 1))).get(0);
		Path disk = streamOptimizedVmdk(directory.resolve("golden.vmdk"));
		// The file vCenter names as the ECS's disk, which IMS exports (this vcsim's clones of one template all name
		// the same file: its CloneVM_Task shares the template's disk object among them).
		vcenter.putOnDisk(source, disk);

		Map<String, Object> capture = awaitEnd(jobId(post("/v2/cloudimages/action",
				"{\"name\":\"golden\",\"instance_id\":\"" + source + "\"}", HttpStatus.ACCEPTED)));

		assertThat(capture).containsEntry("status", "SUCCESS");
		String captured = (String) ((Map<String, Object>) capture.get("entities")).get("image_id");
		assertThat(get("/v2/images/" + captured)).containsEntry("status", "active")
			.containsEntry("disk_format", "vmdk")
			.containsEntry("checksum", md5(disk));

		Map<String, Object> accepted = createServers(captured, "from-golden", 2);
		assertThat(subJobs(awaitEnd(jobId(accepted)))).hasSize(2)
			.allSatisfy((subJob) -> assertThat(subJob).containsEntry("status", "SUCCESS"));
		List<String> fromCaptured = serverIds(accepted);
		assertThat(vcenter.vms()).filteredOn((vm) -> vm.name().equals("ims-image-" + captured))
			.singleElement()
			.returns(true, Vm::template);
		assertThat(vmsOf(fromCaptured)).hasSize(2).allSatisfy((vm) -> assertThat(vm.poweredOn()).isTrue());

		api().delete().uri("/v2/images/" + captured).header("X-Auth-Token", token).exchange()
			.expectStatus().isNoContent();

		await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
			.until(() -> vcenter.vm("ims-image-" + captured).isEmpty());
		assertThat(vmsOf(fromCaptured)).hasSize(2).allSatisfy((vm) -> assertThat(vm.poweredOn()).isTrue());
		assertThat(fromCaptured).allSatisfy((id) -> assertThat(status(id)).isEqualTo("ACTIVE"));
	}

	@Test
	@Order(4)
	void endsEveryJobWhileVcenterIsUnreachableAndRecoversOnceItIsBack() throws IOException {
		String image = baseImage();
		Map<String, Object> accepted = createServers(image, "outage", 20);
		String job = jobId(accepted);
		await().atMost(JOB_END).pollInterval(Duration.ofMillis(200)).until(() -> done(get(jobPath(job))) >= 2);

		proxy.cut();
		boolean breakerOpened;
		try {
			await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250))
				.until(() -> breakerStates().contains("OPEN") || failedUnavailable(get(jobPath(job))) > 0);
			breakerOpened = breakerStates().contains("OPEN");
			// No job hangs while vCenter is away: this batch ends, its sub-jobs that could not reach vCenter FAIL.
		}
		finally {
			proxy.restore();
		}
		Map<String, Object> ended = awaitEnd(job);

		assertThat(ended.get("status")).isIn("SUCCESS", "FAIL");
		List<Map<String, Object>> subJobs = subJobs(ended);
		assertThat(subJobs).hasSize(20).allSatisfy((subJob) -> {
			assertThat(subJob.get("status")).isIn("SUCCESS", "FAIL");
			if ("FAIL".equals(subJob.get("status"))) {
				assertThat(subJob.get("error_code")).isIn("Ecs.0503", "Ecs.0504");
			}
		});
		List<String> succeeded = subJobs.stream().filter((subJob) -> "SUCCESS".equals(subJob.get("status")))
			.map(VsphereIT::serverId).toList();
		List<String> failed = subJobs.stream().filter((subJob) -> "FAIL".equals(subJob.get("status")))
			.map(VsphereIT::serverId).toList();
		assertThat(vmsOf(succeeded)).hasSize(succeeded.size()).allSatisfy((vm) -> assertThat(vm.poweredOn()).isTrue());
		assertThat(succeeded).allSatisfy((id) -> assertThat(status(id)).isEqualTo("ACTIVE"));
		// A clone vCenter finished after IMS gave up on it leaves a VM behind; IMS keeps such an ECS as ERROR, and
		// deleting it removes its VM: nothing in vCenter is out of IMS's reach.
		int leftBehind = vmsOf(failed).size();
		assertThat(failed).allSatisfy((id) -> assertThat(status(id)).isEqualTo("ERROR"));

		// The half-open breaker lets a few trial calls through; new batches succeed once it has closed. (A batch is
		// best effort: SUCCESS with some sub-jobs failed; here every one of them must succeed.)
		List<String> after = new ArrayList<>();
		await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> {
			Map<String, Object> batch = createServers(image, "after", 3);
			Map<String, Object> end = awaitEnd(jobId(batch));
			after.clear();
			after.addAll(serverIds(batch));
			return "SUCCESS".equals(end.get("status"))
					&& subJobs(end).stream().allMatch((subJob) -> "SUCCESS".equals(subJob.get("status")));
		});
		assertThat(vmsOf(after)).hasSize(3).allSatisfy((vm) -> assertThat(vm.poweredOn()).isTrue());
		await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
			.until(() -> breakerStates().equals(List.of("CLOSED")));
		await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
			.untilAsserted(() -> assertThat(breakers()).singleElement()
				.extracting((breaker) -> breaker.get("driver"))
				.asInstanceOf(InstanceOfAssertFactories.MAP)
				.containsEntry("type", "vsphere")
				.containsEntry("endpoint", proxy.in(vcsim.url()).toString())
				.containsEntry("reachable", true));
		if (!failed.isEmpty()) {
			Map<String, Object> deleted = awaitEnd(jobId(post("/v1/" + PROJECT + "/cloudservers/delete",
					"{\"servers\":[" + String.join(",", failed.stream().map((id) -> "{\"id\":\"" + id + "\"}").toList())
							+ "],\"delete_volume\":true}",
					HttpStatus.ACCEPTED)));
			assertThat(deleted).containsEntry("status", "SUCCESS");
			assertThat(vmsOf(failed)).isEmpty();
		}
		FaultReport.write("VsphereIT-outage",
				String.format("breaker reported OPEN: %s; %d of 20 sub-jobs failed (%s), %d succeeded;"
						+ " VMs in vCenter for the failed ones: %d", breakerOpened, failed.size(),
						subJobs.stream().filter((subJob) -> "FAIL".equals(subJob.get("status")))
							.map((subJob) -> subJob.get("error_code")).distinct().toList(),
						succeeded.size(), leftBehind));
	}

	@Test
	@Order(5)
	void makesNoSecondVmForACreateRedeliveredAfterTheStackWasKilled() throws Exception {
		Map<String, Object> accepted = createServers(baseImage(), "killed", 30);
		String job = jobId(accepted);
		List<String> ids = serverIds(accepted);
		int doneAtKill = await().atMost(JOB_END).pollInterval(Duration.ofMillis(100))
			.until(() -> done(get(jobPath(job))), (done) -> done >= 10);

		stack.kill();

		assertThat(doneAtKill).as("sub-jobs done when the stack was killed").isBetween(5, 25);
		stack = new StandaloneProcess(stack.dataDir(), settings()).start();
		Map<String, Object> ended = awaitEnd(job);

		assertThat(ended).containsEntry("status", "SUCCESS");
		assertThat(subJobs(ended)).hasSize(30).allSatisfy((subJob) -> assertThat(subJob).containsEntry("status", "SUCCESS"));
		List<Vm> vms = vmsOf(ids);
		assertThat(vms).hasSize(30).allSatisfy((vm) -> assertThat(vm.poweredOn()).isTrue());
		assertThat(vms).extracting(Vm::serverId).containsExactlyInAnyOrderElementsOf(ids);
		assertThat(new HashSet<>(vms.stream().map(Vm::name).toList())).hasSize(30);
		assertThat(ids).allSatisfy((id) -> assertThat(status(id)).isEqualTo("ACTIVE"));
		assertThat(vcenter.vms()).filteredOn((vm) -> vm.name().startsWith("ims-")
				&& ids.stream().anyMatch((id) -> vm.name().contains(id)))
			.hasSize(30);
		FaultReport.write("VsphereIT-kill", String.format(
				"SIGKILL with %d of 30 sub-jobs done; after the restart job %s, %d VMs", doneAtKill, ended.get("status"),
				vms.size()));
	}

	// --- vCenter

	/** The VMs that are ECSs of these ids: by name or by the server id in their extraConfig. */
	private static List<Vm> vmsOf(List<String> ids) {
		Set<String> wanted = new HashSet<>(ids);
		return vcenter.vms().stream()
			.filter((vm) -> wanted.contains(vm.serverId())
					|| (vm.name().startsWith("ims-") && wanted.contains(vm.name().substring(4))))
			.toList();
	}

	private static String powerState(String id) {
		return vcenter.vm("ims-" + id).map(Vm::powerState).orElse("absent");
	}

	// --- the API

	private static WebTestClient api() {
		return stack.client();
	}

	private static Map<String, Object> get(String path) {
		return get(path, token);
	}

	private static Map<String, Object> get(String path, String as) {
		return api().get().uri(path).header("X-Auth-Token", as).exchange().expectStatus().isOk().expectBody(JSON)
			.returnResult().getResponseBody();
	}

	private static Map<String, Object> post(String path, String body, HttpStatus expected) {
		return api().post().uri(path).header("X-Auth-Token", token).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body).exchange().expectStatus().isEqualTo(expected).expectBody(JSON).returnResult()
			.getResponseBody();
	}

	@SuppressWarnings("unchecked")
	private static String baseImage() {
		return (String) ((List<Map<String, Object>>) get("/v2/cloudimages?name=ims-base-linux").get("images")).get(0)
			.get("id");
	}

	private static Map<String, Object> createServers(String image, String name, int count) {
		return post("/v1/" + PROJECT + "/cloudservers", """
				{"server":{"imageRef":"%s","flavorRef":"s6.small.1","name":"%s","count":%d}}"""
			.formatted(image, name, count), HttpStatus.ACCEPTED);
	}

	/** Waits for the batch to end with every ECS created and answers its 202 body. */
	private static Map<String, Object> accepted(Map<String, Object> accepted) {
		assertThat(subJobs(awaitEnd(jobId(accepted)))).isNotEmpty()
			.allSatisfy((subJob) -> assertThat(subJob).containsEntry("status", "SUCCESS"));
		return accepted;
	}

	private static Map<String, Object> act(String action, String id, String type) {
		String body = "{\"" + action + "\":{\"servers\":[{\"id\":\"" + id + "\"}]"
				+ ((type != null) ? ",\"type\":\"" + type + "\"" : "") + "}}";
		return awaitEnd(jobId(post("/v1/" + PROJECT + "/cloudservers/action", body, HttpStatus.ACCEPTED)));
	}

	@SuppressWarnings("unchecked")
	private static String status(String id) {
		return (String) ((Map<String, Object>) get("/v1/" + PROJECT + "/cloudservers/" + id).get("server"))
			.get("status");
	}

	private static String jobId(Map<String, Object> accepted) {
		return (String) accepted.get("job_id");
	}

	@SuppressWarnings("unchecked")
	private static List<String> serverIds(Map<String, Object> accepted) {
		return (List<String>) accepted.get("serverIds");
	}

	private static String jobPath(String job) {
		return "/v1/" + PROJECT + "/jobs/" + job;
	}

	private static Map<String, Object> awaitEnd(String job) {
		return await().atMost(JOB_END).pollInterval(Duration.ofMillis(250))
			.until(() -> get(jobPath(job)), (current) -> List.of("SUCCESS", "FAIL").contains(current.get("status")));
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> subJobs(Map<String, Object> job) {
		Object subJobs = ((Map<String, Object>) job.get("entities")).get("sub_jobs");
		return (subJobs == null) ? List.of() : (List<Map<String, Object>>) subJobs;
	}

	@SuppressWarnings("unchecked")
	private static String serverId(Map<String, Object> subJob) {
		return (String) ((Map<String, Object>) subJob.get("entities")).get("server_id");
	}

	private static int done(Map<String, Object> job) {
		return (int) subJobs(job).stream().filter((subJob) -> "SUCCESS".equals(subJob.get("status"))).count();
	}

	private static long failedUnavailable(Map<String, Object> job) {
		return subJobs(job).stream().filter((subJob) -> "FAIL".equals(subJob.get("status")))
			.filter((subJob) -> List.of("Ecs.0503", "Ecs.0504").contains(subJob.get("error_code"))).count();
	}

	private static List<String> breakerStates() {
		return breakers().stream().map((breaker) -> (String) breaker.get("state")).toList();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> breakers() {
		return (List<Map<String, Object>>) get("/v1/admin/operations", adminToken).get("breakers");
	}

	// --- disks

	/** A streamOptimized VMDK of 16 MiB holding 3 MiB of random data, made by qemu-img. */
	private static Path streamOptimizedVmdk(Path vmdk) throws IOException, InterruptedException {
		Path raw = vmdk.resolveSibling("golden.raw");
		byte[] data = new byte[3 * 1024 * 1024];
		new Random(14).nextBytes(data);
		Files.write(raw, data);
		qemuImg("resize", "-f", "raw", raw.toString(), "16M");
		Path qcow2 = vmdk.resolveSibling("golden.qcow2");
		qemuImg("convert", "-f", "raw", "-O", "qcow2", raw.toString(), qcow2.toString());
		qemuImg("convert", "-f", "qcow2", "-O", "vmdk", "-o", "subformat=streamOptimized", qcow2.toString(),
				vmdk.toString());
		return vmdk;
	}

	private static void qemuImg(String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("qemu-img"));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
		assertThat(process.exitValue()).as("qemu-img %s: %s", arguments[0], output).isZero();
	}

	private static String md5(Path file) throws IOException, NoSuchAlgorithmException {
		return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(Files.readAllBytes(file)));
	}

}
