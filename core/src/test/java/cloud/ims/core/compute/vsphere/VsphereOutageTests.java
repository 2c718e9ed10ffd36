package cloud.ims.core.compute.vsphere;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cloud.ims.core.compute.DriverFailure;
import cloud.ims.core.compute.DriverUnavailable;
import cloud.ims.core.compute.VirtualMachine;
import cloud.ims.core.compute.VmSpec;
import cloud.ims.core.compute.VmState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** What the driver does when vCenter goes away, comes back, or is not the one whose certificate IMS pins. */
class VsphereOutageTests {

	@TempDir
	Path dir;

	@Test
	void failsAsUnavailableWhileVcenterIsDownAndWorksAgainOnceItIsBack() throws IOException {
		try (Vcsim vcsim = Vcsim.start(); VsphereDriver driver = new VsphereDriver(vcsim.settings())) {
			Path image = VsphereDriverTests.streamOptimizedVmdk(this.dir.resolve("image.vmdk"), 1L << 30);
			VmSpec spec = new VmSpec(UUID.randomUUID().toString(), "web", 1, 512, 1, "image", image, "vmdk");
			vcsim.stop();

			assertThat(driver.create(spec)).failsWithin(Duration.ofSeconds(30))
				.withThrowableThat()
				.havingCause()
				.isInstanceOf(DriverUnavailable.class)
				.withMessageContaining("refused the connection");
			assertThat(driver.status().reachable()).isFalse();

			vcsim.restart();
			// the new vcsim knows nothing of the old session: the driver logs in again by itself. (It is a new
			// inventory too, whose datastore has another id, so this test creates nothing there.)
			await().atMost(Duration.ofSeconds(30)).until(() -> driver.status().reachable());
			assertThat(driver.find(spec.serverId())).succeedsWithin(Duration.ofSeconds(30))
				.isEqualTo(java.util.Optional.empty());
			assertThat(driver.delete(spec.serverId())).succeedsWithin(Duration.ofSeconds(30));
		}
	}

	@Test
	void startsWhileVcenterIsDownAndConnectsOnceItIsBack() throws IOException {
		try (Vcsim vcsim = Vcsim.start()) {
			vcsim.stop();
			try (VsphereDriver driver = new VsphereDriver(vcsim.settings())) {
				Path image = VsphereDriverTests.streamOptimizedVmdk(this.dir.resolve("image.vmdk"), 1L << 30);
				VmSpec spec = new VmSpec(UUID.randomUUID().toString(), "web", 1, 512, 1, "image", image, "vmdk");

				assertThat(driver.status().reachable()).isFalse();
				assertThat(driver.create(spec)).failsWithin(Duration.ofSeconds(30))
					.withThrowableThat()
					.havingCause()
					.isInstanceOf(DriverUnavailable.class);

				vcsim.restart();
				await().atMost(Duration.ofSeconds(30)).until(() -> driver.status().reachable());
				assertThat(driver.create(spec)).succeedsWithin(Duration.ofSeconds(30))
					.satisfies((vm) -> assertThat(vm.state()).isEqualTo(VmState.ACTIVE));
			}
		}
	}

	@Test
	void failsOperationsNamingASettingThatVcenterFoundLateDoesNotMatch() {
		try (Vcsim vcsim = Vcsim.start()) {
			vcsim.stop();
			VsphereSettings wrong = VsphereClientTests.with(vcsim.settings(), "datastore", "fast");
			try (VsphereDriver driver = new VsphereDriver(wrong)) {
				vcsim.restart();

				assertThat(driver.find(UUID.randomUUID().toString())).failsWithin(Duration.ofSeconds(30))
					.withThrowableThat()
					.havingCause()
					.isInstanceOf(DriverFailure.class)
					.withMessageContaining("ims.vsphere.datastore 'fast'");
				assertThat(driver.status().reachable()).isFalse();
			}
		}
	}

	@Test
	void createsHundredsOfServersAtOnceOnAFewThreads() throws IOException {
		try (Vcsim vcsim = Vcsim.start(); VsphereDriver driver = new VsphereDriver(vcsim.settings())) {
			Path image = VsphereDriverTests.streamOptimizedVmdk(this.dir.resolve("image.vmdk"), 1L << 30);
			int threadsBefore = Thread.activeCount();
			List<CompletableFuture<VirtualMachine>> creates = IntStream.range(0, 200)
				.mapToObj((i) -> driver.create(
						new VmSpec(UUID.randomUUID().toString(), "web", 1, 512, 1, "image", image, "vmdk")))
				.toList();
			assertThat(Thread.activeCount() - threadsBefore).isLessThan(20);

			assertThat(CompletableFuture.allOf(creates.toArray(CompletableFuture[]::new)))
				.succeedsWithin(Duration.ofSeconds(120));
			assertThat(creates).allSatisfy((create) -> assertThat(create.join().state()).isEqualTo(VmState.ACTIVE));
			assertThat(driver.client().tasks().pendingCount()).isZero();
		}
	}

	@Test
	void trustsVcenterByThePinnedThumbprintOnly() throws Exception {
		try (Vcsim vcsim = Vcsim.start("-tls")) {
			String thumbprint = VsphereTls.thumbprint(certificate(vcsim));
			VsphereSettings pinned = VsphereClientTests.with(vcsim.settings(), "thumbprint", thumbprint);
			try (VsphereClient client = VsphereClient.connect(pinned)) {
				assertThat(client.currentTime().join()).isNotBlank();
			}
			String wrong = "AA:" + thumbprint.substring(3).replace('A', 'B');
			VsphereSettings mispinned = VsphereClientTests.with(vcsim.settings(), "thumbprint", wrong);
			assertThatThrownBy(() -> VsphereClient.connect(mispinned)).isInstanceOf(DriverUnavailable.class)
				.hasMessageContaining("ims.vsphere.thumbprint");
			VsphereSettings jvmDefaults = vcsim.settings();
			assertThatThrownBy(() -> VsphereClient.connect(jvmDefaults)).isInstanceOf(DriverUnavailable.class)
				.hasMessageContaining("TLS handshake");
		}
	}

	@Test
	void trustsVcenterByTheCertificatesOfAPemFile() throws Exception {
		try (Vcsim vcsim = Vcsim.start("-tls")) {
			Path pem = this.dir.resolve("vcenter.pem");
			java.nio.file.Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
					+ java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(certificate(vcsim).getEncoded())
					+ "\n-----END CERTIFICATE-----\n");
			VsphereSettings s = vcsim.settings();
			VsphereSettings trusting = new VsphereSettings(s.url(), s.username(), s.password(), pem, null, null, null,
					null, null, null, s.network(), s.taskTimeout(), s.softStopTimeout(), s.taskPollInterval());
			try (VsphereClient client = VsphereClient.connect(trusting)) {
				assertThat(client.currentTime().join()).isNotBlank();
			}
		}
	}

	private static X509Certificate certificate(Vcsim vcsim) throws Exception {
		X509Certificate[][] seen = new X509Certificate[1][];
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, new TrustManager[] { new X509TrustManager() {
			@Override
			public void checkClientTrusted(X509Certificate[] chain, String authType) {
			}

			@Override
			public void checkServerTrusted(X509Certificate[] chain, String authType) {
				seen[0] = chain;
			}

			@Override
			public X509Certificate[] getAcceptedIssuers() {
				return new X509Certificate[0];
			}
		} }, null);
		try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", vcsim.url().getPort())) {
			socket.startHandshake();
		}
		return seen[0][0];
	}

}
