package cloud.ims.core.compute.simulated;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import cloud.ims.core.compute.DriverFailure;
import cloud.ims.core.compute.DriverUnavailable;
import cloud.ims.core.compute.ExportedDisk;
import cloud.ims.core.compute.VirtualMachine;
import cloud.ims.core.compute.VmNotFound;
import cloud.ims.core.compute.VmSpec;
import cloud.ims.core.compute.VmState;
import cloud.ims.core.compute.VmStateConflict;
import cloud.ims.core.qemu.DiskImageInfo;
import cloud.ims.core.qemu.QemuImg;
import cloud.ims.core.testing.RequiresSystemTools;
import cloud.ims.core.testing.SystemTool;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@RequiresSystemTools({ SystemTool.QEMU_IMG, SystemTool.PRLIMIT })
class SimulatedVmwareDriverTests {

	private static final long MIB = 1024 * 1024;

	private static final long GIB = 1024 * MIB;

	/**
	 * The workers' default address-space limit (ims.qemu-img.memory-limit): at 1 GiB a convert under a loaded machine
	 * once failed to allocate its threads' stacks.
	 */
	private final QemuImg qemuImg = new QemuImg("qemu-img", Duration.ofSeconds(30), 2 * GIB);

	@TempDir
	Path directory;

	private Path root;

	private Path imageFile;

	private SimulatedVmwareDriver driver;

	@BeforeEach
	void createServiceAndImage() throws IOException {
		this.root = this.directory.resolve("vmware");
		this.imageFile = this.directory.resolve("image.qcow2");
		this.qemuImg.create(this.imageFile, "qcow2", 10 * MIB);
		this.driver = driver(0.0);
	}

	@Test
	void createsActiveEcsWhoseDiskIsOverlayOfTheTemplate() throws IOException {
		VmSpec spec = spec();

		VirtualMachine vm = done(this.driver.create(spec));

		assertThat(vm.serverId()).isEqualTo(spec.serverId());
		assertThat(vm.state()).isEqualTo(VmState.ACTIVE);
		assertThat(vm).extracting(VirtualMachine::name, VirtualMachine::vcpus, VirtualMachine::ramMb,
				VirtualMachine::diskGb, VirtualMachine::imageId)
			.containsExactly("web-0001", 2, 2048, 1, spec.imageId());
		DiskImageInfo disk = this.qemuImg.info(disk(spec.serverId()));
		Path template = this.root.resolve("templates").resolve(spec.imageId() + ".qcow2").toAbsolutePath();
		assertThat(disk.format()).isEqualTo("qcow2");
		assertThat(disk.backingFile()).isEqualTo(template.toString());
		assertThat(disk.virtualSize()).isEqualTo(GIB);
		assertThat(done(this.driver.find(spec.serverId()))).contains(vm);
	}

	@Test
	void givesDiskAtLeastTheImageVirtualSize() throws IOException {
		Path bigImage = this.directory.resolve("big.qcow2");
		this.qemuImg.create(bigImage, "qcow2", 3 * GIB);
		VmSpec spec = new VmSpec(newId(), "big", 1, 512, 1, newId(), bigImage, "qcow2");

		done(this.driver.create(spec));

		assertThat(this.qemuImg.info(disk(spec.serverId())).virtualSize()).isEqualTo(3 * GIB);
	}

	@Test
	void answersExistingEcsWhenCreateIsRepeated() {
		VmSpec spec = spec();
		VirtualMachine first = done(this.driver.create(spec));
		done(this.driver.stop(spec.serverId(), false));

		VirtualMachine again = done(this.driver.create(spec));

		assertThat(again).usingRecursiveComparison().ignoringFields("state").isEqualTo(first);
		assertThat(again.state()).isEqualTo(VmState.SHUTOFF);
		assertThat(this.driver.list()).hasSize(1);
	}

	@Test
	void followsTheEcsStateMachine() {
		String serverId = done(this.driver.create(spec())).serverId();

		assertThatExceptionOfType(VmStateConflict.class).isThrownBy(() -> done(this.driver.start(serverId)))
			.withMessage("ECS " + serverId + " is ACTIVE; it is already running")
			.satisfies((ex) -> assertThat(ex.current()).isEqualTo(VmState.ACTIVE));
		assertThat(done(this.driver.reboot(serverId, true)).state()).isEqualTo(VmState.ACTIVE);
		assertThat(done(this.driver.stop(serverId, false)).state()).isEqualTo(VmState.SHUTOFF);
		assertThatExceptionOfType(VmStateConflict.class).isThrownBy(() -> done(this.driver.stop(serverId, true)))
			.withMessage("ECS " + serverId + " is SHUTOFF; it is already stopped");
		assertThatExceptionOfType(VmStateConflict.class).isThrownBy(() -> done(this.driver.reboot(serverId, false)))
			.withMessage("ECS " + serverId + " is SHUTOFF; start it before you reboot it")
			.satisfies((ex) -> assertThat(ex.operation()).isEqualTo("reboot"));
		assertThat(done(this.driver.start(serverId)).state()).isEqualTo(VmState.ACTIVE);
		assertThat(done(this.driver.find(serverId)).orElseThrow().state()).isEqualTo(VmState.ACTIVE);
	}

	@Test
	void reportsUnknownEcs() {
		String serverId = newId();

		assertThat(done(this.driver.find(serverId))).isEmpty();
		assertThatExceptionOfType(VmNotFound.class).isThrownBy(() -> done(this.driver.start(serverId)))
			.withMessage("ECS " + serverId + " does not exist");
		assertThatExceptionOfType(VmNotFound.class).isThrownBy(() -> this.driver.exportSystemDisk(serverId));
	}

	@Test
	void deletesEcsAndItsDiskIdempotently() {
		String serverId = done(this.driver.create(spec())).serverId();

		done(this.driver.delete(serverId));
		done(this.driver.delete(serverId));

		assertThat(done(this.driver.find(serverId))).isEmpty();
		assertThat(disk(serverId)).doesNotExist();
		assertThat(this.driver.list()).isEmpty();
	}

	@Test
	void failsEveryOperationTransientlyAndLeavesNothingAtFailureRateOne() {
		SimulatedVmwareDriver failing = driver(1.0);
		VmSpec spec = spec();

		assertThatExceptionOfType(DriverUnavailable.class).isThrownBy(() -> done(failing.create(spec)))
			.withMessage("simulated transient failure");
		assertThatExceptionOfType(DriverUnavailable.class).isThrownBy(() -> done(failing.delete(spec.serverId())));
		assertThatExceptionOfType(DriverUnavailable.class).isThrownBy(() -> done(failing.find(spec.serverId())));
		assertThat(failing.list()).isEmpty();
		assertThat(this.root.resolve("disks")).isEmptyDirectory();
		assertThat(this.root.resolve("templates")).isEmptyDirectory();
	}

	@Test
	void takesTheConfiguredLatencyForEachOperation() {
		Duration latency = Duration.ofMillis(100);
		SimulatedVmwareDriver slow = new SimulatedVmwareDriver(this.root, latency, 0.0, 1, this.qemuImg);
		long started = System.nanoTime();

		assertThat(done(slow.find(newId()))).isEmpty();

		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(latency);
	}

	@Test
	void takesEachOperationsOwnLatencyWithoutHoldingTheCallersThread() {
		String running = done(this.driver.create(spec())).serverId();
		SimulatedVmwareDriver slowToCreate = new SimulatedVmwareDriver(this.root,
				new Latencies(Duration.ZERO, Duration.ofHours(1), null, null, null), 0.0, 8, this.qemuImg);

		CompletableFuture<VirtualMachine> creating = slowToCreate.create(spec());

		assertThat(creating).isNotDone();
		assertThat(done(slowToCreate.stop(running, true)).state()).isEqualTo(VmState.SHUTOFF);
		assertThat(creating).isNotDone();
		slowToCreate.close();
	}

	@Test
	void failsPermanentlyAndLeavesNoEcsWhenImageIsUnreadable() throws IOException {
		VmSpec spec = new VmSpec(newId(), "web", 1, 512, 1, newId(), this.directory.resolve("gone.qcow2"), "qcow2");

		assertThatExceptionOfType(DriverFailure.class).isThrownBy(() -> done(this.driver.create(spec)))
			.withMessageContaining("not readable");
		assertThat(done(this.driver.find(spec.serverId()))).isEmpty();
		assertThat(this.root.resolve("disks")).isEmptyDirectory();
	}

	@Test
	void failsPermanentlyWhenImageIsNotInItsDeclaredFormat() {
		VmSpec spec = new VmSpec(newId(), "web", 1, 512, 1, newId(), this.imageFile, "vmdk");

		assertThatExceptionOfType(DriverFailure.class).isThrownBy(() -> done(this.driver.create(spec)))
			.withMessageContaining("is qcow2, not vmdk");
		assertThat(done(this.driver.find(spec.serverId()))).isEmpty();
		assertThat(this.root.resolve("disks")).isEmptyDirectory();
	}

	@Test
	void sharesEcssBetweenDriversOnTheSameRoot() {
		SimulatedVmwareDriver replica = driver(0.0);
		String serverId = done(this.driver.create(spec())).serverId();

		assertThat(done(replica.find(serverId))).map(VirtualMachine::state).contains(VmState.ACTIVE);
		done(replica.stop(serverId, false));
		assertThat(done(this.driver.find(serverId))).map(VirtualMachine::state).contains(VmState.SHUTOFF);
		done(this.driver.delete(serverId));
		assertThat(replica.list()).isEmpty();
	}

	@Test
	void listsThePowerStateOfEveryEcsAsAnotherReplicaLeftIt() {
		SimulatedVmwareDriver replica = driver(0.0);
		String running = done(this.driver.create(spec())).serverId();
		String stopped = done(this.driver.create(spec())).serverId();
		done(replica.stop(stopped, true));

		assertThat(done(this.driver.powerStates())).containsOnly(Map.entry(running, VmState.ACTIVE),
				Map.entry(stopped, VmState.SHUTOFF));
	}

	@Test
	void createsOneEcsWhenReplicasRaceToCreateIt() {
		SimulatedVmwareDriver replica = driver(0.0);
		VmSpec spec = spec();
		ExecutorService executor = Executors.newFixedThreadPool(4);
		try {
			List<CompletableFuture<VirtualMachine>> creates = List.of(
					CompletableFuture.supplyAsync(() -> done(this.driver.create(spec)), executor),
					CompletableFuture.supplyAsync(() -> done(replica.create(spec)), executor),
					CompletableFuture.supplyAsync(() -> done(this.driver.create(spec)), executor),
					CompletableFuture.supplyAsync(() -> done(replica.create(spec)), executor));

			List<VirtualMachine> created = creates.stream().map(CompletableFuture::join).toList();

			assertThat(created).allSatisfy((vm) -> assertThat(vm).isEqualTo(created.get(0)));
			assertThat(this.driver.list()).containsExactly(created.get(0));
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void exportsStandaloneQcow2AndRemovesItOnClose() throws IOException {
		String serverId = done(this.driver.create(spec())).serverId();
		done(this.driver.stop(serverId, false));
		Path copy = this.directory.resolve("export.qcow2");

		try (ExportedDisk export = this.driver.exportSystemDisk(serverId)) {
			assertThat(export.format()).isEqualTo("qcow2");
			try (InputStream data = export.data()) {
				assertThat(Files.copy(data, copy)).isEqualTo(export.size());
			}
		}

		DiskImageInfo info = this.qemuImg.info(copy);
		assertThat(info.format()).isEqualTo("qcow2");
		assertThat(info.virtualSize()).isEqualTo(GIB);
		assertThat(info.referencesOtherFiles()).isFalse();
		assertThat(this.root.resolve("exports")).isEmptyDirectory();
	}

	@Test
	void keepsEcsDiskReadableAfterTheImageFileIsDeleted() throws IOException {
		String serverId = done(this.driver.create(spec())).serverId();

		Files.delete(this.imageFile);

		assertThat(this.qemuImg.info(disk(serverId)).format()).isEqualTo("qcow2");
		try (ExportedDisk export = this.driver.exportSystemDisk(serverId)) {
			assertThat(export.size()).isPositive();
		}
		VmSpec another = new VmSpec(newId(), "second", 1, 512, 1, done(this.driver.find(serverId)).orElseThrow().imageId(),
				this.imageFile, "qcow2");
		assertThat(done(this.driver.create(another)).state()).isEqualTo(VmState.ACTIVE);
	}

	/** The outcome of an operation, its failure thrown as the driver's own exception. */
	private static <T> T done(CompletableFuture<T> operation) {
		try {
			return operation.join();
		}
		catch (CompletionException ex) {
			throw (RuntimeException) ex.getCause();
		}
	}

	private SimulatedVmwareDriver driver(double failureRate) {
		return new SimulatedVmwareDriver(this.root, Duration.ZERO, failureRate, 8, this.qemuImg);
	}

	private VmSpec spec() {
		return new VmSpec(newId(), "web-0001", 2, 2048, 1, newId(), this.imageFile, "qcow2");
	}

	private Path disk(String serverId) {
		return this.root.resolve("disks").resolve(serverId + ".qcow2");
	}

	private static String newId() {
		return UUID.randomUUID().toString();
	}

}
