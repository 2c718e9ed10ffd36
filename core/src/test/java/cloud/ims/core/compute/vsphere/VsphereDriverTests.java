package cloud.ims.core.compute.vsphere;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cloud.ims.core.compute.DriverFailure;
import cloud.ims.core.compute.DriverUnavailable;
import cloud.ims.core.compute.ExportedDisk;
import cloud.ims.core.compute.VirtualMachine;
import cloud.ims.core.compute.VmNotFound;
import cloud.ims.core.compute.VmSpec;
import cloud.ims.core.compute.VmState;
import cloud.ims.core.compute.VmStateConflict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VsphereDriverTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@TempDir
	static Path dir;

	private static Vcsim vcsim;

	private static VsphereDriver driver;

	private static Path image;

	@BeforeAll
	static void start() throws IOException {
		vcsim = Vcsim.start();
		driver = new VsphereDriver(vcsim.settings());
		image = streamOptimizedVmdk(dir.resolve("image.vmdk"), 1L << 30);
	}

	@AfterAll
	static void stop() {
		if (driver != null) {
			driver.close();
		}
		if (vcsim != null) {
			vcsim.close();
		}
	}

	@Test
	void createsOneVmNamedAfterTheServerPoweredOnWithTheFlavor() {
		VmSpec spec = spec(UUID.randomUUID().toString(), 2, 2048, 10);
		VirtualMachine vm = driver.create(spec).join();

		assertThat(vm).extracting(VirtualMachine::serverId, VirtualMachine::name, VirtualMachine::state,
				VirtualMachine::vcpus, VirtualMachine::ramMb, VirtualMachine::diskGb, VirtualMachine::imageId)
			.containsExactly(spec.serverId(), "ims-" + spec.serverId(), VmState.ACTIVE, 2, 2048, 10, spec.imageId());
		PropertyReader.Properties inVcenter = vcenter(spec.serverId());
		assertThat(inVcenter.text("runtime.powerState")).contains("poweredOn");
		assertThat(inVcenter.text("config.hardware.numCPU")).contains("2");
		assertThat(inVcenter.text("config.hardware.memoryMB")).contains("2048");
		assertThat(VsphereDriver.extraConfig(inVcenter)).containsEntry("ims.server-id", spec.serverId())
			.containsEntry("ims.image-id", spec.imageId());
		assertThat(VsphereDriver.systemDisk(inVcenter).flatMap((disk) -> Xml.text(disk, "capacityInKB")))
			.contains(Long.toString(10L * 1024 * 1024));
		assertThat(vmsNamed("ims-" + spec.serverId())).isEqualTo(1);
	}

	@Test
	void answersARepeatedCreateWithTheVmItAlreadyMade() {
		VmSpec spec = spec(UUID.randomUUID().toString(), 1, 1024, 1);
		List<CompletableFuture<VirtualMachine>> concurrent = IntStream.range(0, 5)
			.mapToObj((i) -> driver.create(spec))
			.toList();
		concurrent.forEach((create) -> assertThat(create).succeedsWithin(WAIT));
		VirtualMachine again = driver.create(spec).join();

		assertThat(again.state()).isEqualTo(VmState.ACTIVE);
		assertThat(vmsNamed("ims-" + spec.serverId())).isEqualTo(1);
	}

	@Test
	void uploadsANewImageOnceForTenConcurrentCreates() {
		String imageId = UUID.randomUUID().toString();
		List<CompletableFuture<VirtualMachine>> creates = IntStream.range(0, 10)
			.mapToObj((i) -> driver.create(spec(UUID.randomUUID().toString(), imageId, 1, 512, 1)))
			.toList();

		assertThat(CompletableFuture.allOf(creates.toArray(CompletableFuture[]::new))).succeedsWithin(WAIT);
		assertThat(vmsNamed("ims-image-" + imageId)).isEqualTo(1);
		PropertyReader.Properties template = properties(find("ims-image-" + imageId));
		assertThat(template.text("config.template")).contains("true");
	}

	@Test
	void followsThePowerStateThroughStopStartRebootAndDelete() {
		String id = driver.create(spec(UUID.randomUUID().toString(), 1, 512, 1)).join().serverId();

		assertThat(driver.stop(id, true).join().state()).isEqualTo(VmState.SHUTOFF);
		assertThat(vcenter(id).text("runtime.powerState")).contains("poweredOff");
		assertThat(driver.start(id).join().state()).isEqualTo(VmState.ACTIVE);
		assertThat(vcenter(id).text("runtime.powerState")).contains("poweredOn");
		assertThat(driver.stop(id, false).join().state()).isEqualTo(VmState.SHUTOFF);
		assertThat(vcenter(id).text("runtime.powerState")).contains("poweredOff");
		assertThat(driver.start(id).join().state()).isEqualTo(VmState.ACTIVE);
		assertThat(driver.reboot(id, false).join().state()).isEqualTo(VmState.ACTIVE);
		assertThat(driver.reboot(id, true).join().state()).isEqualTo(VmState.ACTIVE);
		assertThat(vcenter(id).text("runtime.powerState")).contains("poweredOn");

		driver.delete(id).join();
		assertThat(vmsNamed("ims-" + id)).isZero();
		assertThat(driver.find(id).join()).isEmpty();
		assertThat(driver.delete(id)).succeedsWithin(WAIT);
	}

	@Test
	void listsThePowerStateOfEveryEcsButNotTheTemplatesNorOtherVms() {
		String running = driver.create(spec(UUID.randomUUID().toString(), 1, 512, 1)).join().serverId();
		String stopped = driver.create(spec(UUID.randomUUID().toString(), 1, 512, 1)).join().serverId();
		driver.stop(stopped, true).join();

		Map<String, VmState> states = driver.powerStates().join();

		assertThat(states).containsEntry(running, VmState.ACTIVE).containsEntry(stopped, VmState.SHUTOFF);
		assertThat(states.keySet()).noneMatch((id) -> id.startsWith("image-"))
			.allSatisfy((id) -> assertThat(vmsNamed("ims-" + id)).isEqualTo(1));
	}

	@Test
	void refusesWhatThePowerStateForbids() {
		String id = driver.create(spec(UUID.randomUUID().toString(), 1, 512, 1)).join().serverId();

		assertThat(driver.start(id)).failsWithin(WAIT)
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(VmStateConflict.class)
			.withMessageContaining("already running");
		driver.stop(id, true).join();
		assertThat(driver.stop(id, true)).failsWithin(WAIT)
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(VmStateConflict.class);
		assertThat(driver.reboot(id, false)).failsWithin(WAIT)
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(VmStateConflict.class);
	}

	@Test
	void knowsNothingOfAnUnknownServer() {
		String id = UUID.randomUUID().toString();
		assertThat(driver.find(id).join()).isEmpty();
		assertThat(driver.start(id)).failsWithin(WAIT).withThrowableThat().havingCause().isInstanceOf(VmNotFound.class);
		assertThat(driver.delete(id)).succeedsWithin(WAIT);
		assertThatThrownBy(() -> driver.exportSystemDisk(id)).isInstanceOf(VmNotFound.class);
	}

	@Test
	void releasesAnImageWhileItsServersRemain() {
		String imageId = UUID.randomUUID().toString();
		String id = driver.create(spec(UUID.randomUUID().toString(), imageId, 1, 512, 1)).join().serverId();

		driver.releaseImage(imageId);
		driver.releaseImage(imageId);

		assertThat(vmsNamed("ims-image-" + imageId)).isZero();
		assertThat(driver.find(id).join()).hasValueSatisfying((vm) -> assertThat(vm.state()).isEqualTo(VmState.ACTIVE));
	}

	@Test
	void importsAnImageAgainWhoseTemplateWasDestroyedBehindItsBack() {
		String imageId = UUID.randomUUID().toString();
		driver.create(spec(UUID.randomUUID().toString(), imageId, 1, 512, 1)).join();
		driver.client().destroy(find("ims-image-" + imageId)).join();

		assertThat(driver.create(spec(UUID.randomUUID().toString(), imageId, 1, 512, 1))).failsWithin(WAIT)
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(DriverUnavailable.class)
			.withMessageContaining("ManagedObjectNotFound");
		assertThat(driver.create(spec(UUID.randomUUID().toString(), imageId, 1, 512, 1))).succeedsWithin(WAIT);
		assertThat(vmsNamed("ims-image-" + imageId)).isEqualTo(1);
	}

	@Test
	void finishesATemplateWhoseImportStoppedBeforeMarkingIt() {
		String imageId = UUID.randomUUID().toString();
		String other = driver.create(spec(UUID.randomUUID().toString(), 1, 512, 1)).join().serverId();
		driver.stop(other, true).join();
		VsphereClient client = driver.client();
		client.clone(find("ims-" + other), "ims-image-" + imageId, "", false).orTimeout(30, TimeUnit.SECONDS).join();

		assertThat(driver.create(spec(UUID.randomUUID().toString(), imageId, 1, 512, 1))).succeedsWithin(WAIT);
		assertThat(properties(find("ims-image-" + imageId)).text("config.template")).contains("true");
	}

	@Test
	void rejectsAnImageThatIsNotVmdk() {
		VmSpec qcow2 = new VmSpec(UUID.randomUUID().toString(), "web", 1, 512, 1, UUID.randomUUID().toString(), image,
				"qcow2");
		assertThat(driver.create(qcow2)).failsWithin(WAIT)
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(DriverFailure.class)
			.withMessageContaining("streamOptimized VMDK, not qcow2");
	}

	@Test
	void exportsTheSystemDiskFileFromTheDatastore() throws IOException {
		String id = driver.create(spec(UUID.randomUUID().toString(), 1, 512, 1)).join().serverId();
		try (ExportedDisk disk = driver.exportSystemDisk(id)) {
			assertThat(disk.format()).isEqualTo("vmdk");
			// vcsim's disks are empty placeholders: the data path is what this shows
			assertThat(disk.data().readAllBytes()).hasSize((int) disk.size());
		}
	}

	@Test
	void exportsAMonolithicDiskByteForByte() throws IOException {
		String id = driver.create(spec(UUID.randomUUID().toString(), 1, 512, 1)).join().serverId();
		byte[] monolithic = Files.readAllBytes(streamOptimizedVmdk(dir.resolve("monolithic.vmdk"), 1L << 30));
		putOnDatastore(diskFile(id), monolithic);

		try (ExportedDisk disk = driver.exportSystemDisk(id)) {
			assertThat(disk.format()).isEqualTo("vmdk");
			assertThat(disk.data().readAllBytes()).isEqualTo(monolithic);
		}
	}

	@Test
	void exportsADescribedDiskAsItsFlatExtentsInOrder() throws IOException {
		String id = driver.create(spec(UUID.randomUUID().toString(), 1, 512, 1)).join().serverId();
		DatastoreFiles.DatastorePath vmdk = diskFile(id);
		byte[] first = bytes(3 * 1024 * 1024 + 17, 1);
		byte[] second = bytes(1024 * 1024, 7);
		putOnDatastore(vmdk.sibling("disk-f001.vmdk"), first);
		putOnDatastore(vmdk.sibling("disk-f002.vmdk"), second);
		putOnDatastore(vmdk, descriptor("RW 6144 FLAT \"disk-f001.vmdk\" 0", "RW 2048 VMFS \"disk-f002.vmdk\""));

		try (ExportedDisk disk = driver.exportSystemDisk(id)) {
			assertThat(disk.format()).isEqualTo("raw");
			assertThat(disk.size()).isEqualTo(first.length + second.length);
			byte[] data = disk.data().readAllBytes();
			assertThat(Arrays.copyOfRange(data, 0, first.length)).isEqualTo(first);
			assertThat(Arrays.copyOfRange(data, first.length, data.length)).isEqualTo(second);
		}
	}

	@Test
	void refusesToExportADiskWithADeltaExtent() throws IOException {
		String id = driver.create(spec(UUID.randomUUID().toString(), 1, 512, 1)).join().serverId();
		putOnDatastore(diskFile(id), descriptor("RW 2048 VMFSSPARSE \"disk-delta.vmdk\""));

		assertThatThrownBy(() -> driver.exportSystemDisk(id)).isInstanceOf(DriverFailure.class)
			.hasMessageContaining("VMFSSPARSE extent")
			.hasMessageContaining("consolidate");
	}

	@Test
	void reportsItsStatus() {
		assertThat(driver.status()).satisfies((status) -> {
			assertThat(status.type()).isEqualTo("vsphere");
			assertThat(status.reachable()).isTrue();
			assertThat(status.endpoint()).isEqualTo(vcsim.url().toString());
		});
	}

	private static DatastoreFiles.DatastorePath diskFile(String serverId) {
		return DatastoreFiles.DatastorePath.parse(VsphereDriver.systemDisk(vcenter(serverId))
			.flatMap((disk) -> Xml.child(disk, "backing"))
			.flatMap((backing) -> Xml.text(backing, "fileName"))
			.orElseThrow());
	}

	private static void putOnDatastore(DatastoreFiles.DatastorePath target, byte[] content) throws IOException {
		Path file = Files.write(Files.createTempFile(dir, "upload-", ".bin"), content);
		driver.client().files().upload(file, target).orTimeout(30, TimeUnit.SECONDS).join();
	}

	private static byte[] descriptor(String... extents) {
		return ("# Disk DescriptorFile\nversion=1\nCID=fffffffe\nparentCID=ffffffff\ncreateType=\"vmfs\"\n\n"
				+ "# Extent description\n" + String.join("\n", extents) + "\n\nddb.adapterType = \"lsilogic\"\n")
			.getBytes(StandardCharsets.US_ASCII);
	}

	private static byte[] bytes(int length, int seed) {
		byte[] bytes = new byte[length];
		new Random(seed).nextBytes(bytes);
		return bytes;
	}

	private static VmSpec spec(String serverId, int vcpus, int ramMb, int diskGb) {
		return spec(serverId, "image-shared", vcpus, ramMb, diskGb);
	}

	private static VmSpec spec(String serverId, String imageId, int vcpus, int ramMb, int diskGb) {
		return new VmSpec(serverId, "web", vcpus, ramMb, diskGb, imageId, image, "vmdk");
	}

	private static PropertyReader.Properties vcenter(String serverId) {
		return properties(find("ims-" + serverId));
	}

	private static ManagedObject find(String name) {
		VsphereClient client = driver.client();
		return client.findChild(client.inventory().folder().object(), name).join().orElseThrow();
	}

	private static PropertyReader.Properties properties(ManagedObject vm) {
		return driver.client()
			.reader()
			.read(vm, VsphereDriver.vmProperties().toArray(String[]::new))
			.orTimeout(30, TimeUnit.SECONDS)
			.join()
			.orElseThrow();
	}

	static long vmsNamed(String name) {
		VsphereClient client = driver.client();
		List<ManagedObject> children = client.reader()
			.read(client.inventory().folder().object(), "childEntity")
			.join()
			.map((p) -> p.references("childEntity"))
			.orElse(List.of());
		Map<ManagedObject, PropertyReader.Properties> names = client.reader().read(children, "name").join();
		return names.values().stream().filter((p) -> p.text("name").orElse("").equals(name)).count();
	}

	/** A file with a VMDK sparse extent header (all vcsim reads of it) announcing {@code capacity} bytes. */
	static Path streamOptimizedVmdk(Path file, long capacity) throws IOException {
		ByteBuffer header = ByteBuffer.allocate(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);
		header.putInt(0x564d444b).putInt(3).putInt(0x30001).putLong(capacity / 512);
		return Files.write(file, header.array());
	}

}
