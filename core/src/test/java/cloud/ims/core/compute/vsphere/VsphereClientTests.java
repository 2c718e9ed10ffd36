package cloud.ims.core.compute.vsphere;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cloud.ims.core.compute.DriverUnavailable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VsphereClientTests {

	private static Vcsim vcsim;

	private static VsphereClient client;

	@BeforeAll
	static void start() {
		vcsim = Vcsim.start();
		client = VsphereClient.connect(vcsim.settings());
	}

	@AfterAll
	static void stop() {
		if (client != null) {
			client.close();
		}
		if (vcsim != null) {
			vcsim.close();
		}
	}

	@Test
	void resolvesTheOnlyDatacenterClusterDatastoreAndTheNamedNetwork() {
		VsphereInventory inventory = client.inventory();
		assertThat(inventory.datacenter().name()).isEqualTo("DC0");
		assertThat(inventory.datastore().name()).isEqualTo("LocalDS_0");
		assertThat(inventory.network().name()).isEqualTo("VM Network");
		assertThat(inventory.folder().path()).isEqualTo("/DC0/vm");
		assertThat(inventory.pool().path()).isEqualTo("/DC0/host/DC0_C0/Resources");
		assertThat(inventory.pool().object().type()).isEqualTo("ResourcePool");
	}

	@Test
	void readsPropertiesOfSeveralObjectsInOneCall() {
		var read = client.reader()
			.read(java.util.List.of(client.inventory().datacenter().object(), client.inventory().datastore().object()),
					"name")
			.join();
		assertThat(read.values()).extracting((p) -> p.text("name").orElseThrow())
			.containsExactly("DC0", "LocalDS_0");
	}

	@Test
	void rejectsADatastoreThatDoesNotExistListingThoseThatDo() {
		VsphereSettings wrong = with(vcsim.settings(), "datastore", "fast");
		assertThatThrownBy(() -> VsphereClient.connect(wrong)).isInstanceOf(IllegalArgumentException.class)
			.hasMessage("ims.vsphere.datastore 'fast' does not exist in datacenter DC0; it has: LocalDS_0");
	}

	@Test
	void rejectsEveryOtherInventoryNameThatDoesNotExist() {
		assertThatThrownBy(() -> VsphereClient.connect(with(vcsim.settings(), "datacenter", "DC9")))
			.hasMessage("ims.vsphere.datacenter 'DC9' does not exist in vCenter; it has: DC0");
		assertThatThrownBy(() -> VsphereClient.connect(with(vcsim.settings(), "cluster", "C9")))
			.hasMessage("ims.vsphere.cluster 'C9' does not exist in datacenter DC0; it has: DC0_C0");
		assertThatThrownBy(() -> VsphereClient.connect(with(vcsim.settings(), "resourcePool", "gold")))
			.hasMessage("ims.vsphere.resource-pool 'gold' does not exist in cluster DC0_C0; it has: Resources");
		assertThatThrownBy(() -> VsphereClient.connect(with(vcsim.settings(), "folder", "ims")))
			.hasMessage("ims.vsphere.folder 'ims' does not exist in datacenter DC0; it has: vm");
		assertThatThrownBy(() -> VsphereClient.connect(with(vcsim.settings(), "network", "lan")))
			.hasMessageStartingWith("ims.vsphere.network 'lan' does not exist in datacenter DC0; it has: ")
			.hasMessageContaining("VM Network");
		assertThatThrownBy(() -> VsphereClient.connect(with(vcsim.settings(), "network", null)))
			.hasMessageStartingWith("ims.vsphere.network is not set and datacenter DC0 has ")
			.hasMessageContaining("VM Network");
	}

	@Test
	void acceptsInventoryPaths() {
		VsphereSettings paths = with(with(with(vcsim.settings(), "datacenter", "/DC0"), "cluster", "/DC0/host/DC0_C0"),
				"datastore", "/DC0/datastore/LocalDS_0");
		try (VsphereClient other = VsphereClient.connect(paths)) {
			assertThat(other.inventory().datastore().name()).isEqualTo("LocalDS_0");
		}
	}

	@Test
	void refusesPlainHttpToAnotherHost() {
		VsphereSettings remote = with(vcsim.settings(), "url", "http://vcenter.example.com/sdk");
		assertThatThrownBy(() -> VsphereClient.connect(remote)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageStartingWith("ims.vsphere.url http://vcenter.example.com/sdk must be https://");
	}

	@Test
	void logsInAgainWhenItsSessionWasTerminated() throws Exception {
		String key = client.session().key().get(10, TimeUnit.SECONDS);
		try (VsphereClient admin = VsphereClient.connect(vcsim.settings())) {
			admin.call("TerminateSession", admin.session().content().sessionManager(), Xml.element("sessionId", key))
				.get(10, TimeUnit.SECONDS);
		}
		assertThat(client.currentTime().get(10, TimeUnit.SECONDS)).isNotBlank();
		assertThat(client.session().key().get(10, TimeUnit.SECONDS)).isNotEqualTo(key);
	}

	@Test
	void logsInAgainOnceForAllTheCallsThatFoundTheSessionGone() throws Exception {
		try (VsphereClient own = VsphereClient.connect(vcsim.settings())) {
			String key = own.session().key().get(10, TimeUnit.SECONDS);
			client.call("TerminateSession", client.session().content().sessionManager(), Xml.element("sessionId", key))
				.get(10, TimeUnit.SECONDS);
			int before = sessions();

			List<CompletableFuture<String>> calls = IntStream.range(0, 200).mapToObj((i) -> own.currentTime()).toList();

			assertThat(CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)))
				.succeedsWithin(Duration.ofSeconds(30));
			assertThat(sessions()).isEqualTo(before + 1);
		}
	}

	private static int sessions() {
		ManagedObject manager = client.session().content().sessionManager();
		return client.reader()
			.read(manager, "sessionList")
			.join()
			.flatMap((properties) -> properties.value("sessionList"))
			.map((list) -> Xml.children(list).size())
			.orElse(0);
	}

	@Test
	void readsBackAFilePutOnTheDatastoreByteForByte(@TempDir Path dir) throws Exception {
		byte[] data = new byte[3 * 1024 * 1024 + 17];
		new Random(7).nextBytes(data);
		Path source = Files.write(dir.resolve("disk.vmdk"), data);
		var file = new DatastoreFiles.DatastorePath("LocalDS_0", "ims-tests/round trip/disk.vmdk");
		client.files().upload(source, file).get(30, TimeUnit.SECONDS);
		Path back = dir.resolve("back.vmdk");
		long size = client.files().download(file, back, false).get(30, TimeUnit.SECONDS);
		assertThat(size).isEqualTo(data.length);
		assertThat(Files.readAllBytes(back)).isEqualTo(data);
	}

	@Test
	void failsAWaitPastItsDeadlineAsUnavailable() {
		var wait = client.tasks()
			.await(client.inventory().datacenter().object(), "name", "never"::equals, Duration.ofMillis(100),
					"waiting for a name that never comes");
		assertThat(wait).failsWithin(Duration.ofSeconds(10))
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(DriverUnavailable.class)
			.withMessageContaining("did not finish within");
	}

	static VsphereSettings with(VsphereSettings s, String component, @org.jspecify.annotations.Nullable String value) {
		return new VsphereSettings(component.equals("url") ? URI.create(value) : s.url(), s.username(), s.password(),
				s.caFile(), component.equals("thumbprint") ? value : s.thumbprint(),
				component.equals("datacenter") ? value : s.datacenter(),
				component.equals("cluster") ? value : s.cluster(),
				component.equals("resourcePool") ? value : s.resourcePool(),
				component.equals("datastore") ? value : s.datastore(), component.equals("folder") ? value : s.folder(),
				component.equals("network") ? value : s.network(), s.taskTimeout(), s.softStopTimeout(),
				s.taskPollInterval());
	}

}
