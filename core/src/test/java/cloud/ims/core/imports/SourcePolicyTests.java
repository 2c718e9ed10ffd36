package cloud.ims.core.imports;

import java.net.InetAddress;
import java.util.Set;

import cloud.ims.core.common.ImsException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourcePolicyTests {

	private final SourcePolicy policy = new SourcePolicy(Set.of());

	@Test
	void acceptsPublicHttpAndHttpsUrls() {
		assertThat(this.policy.check("https://images.example.com/ubuntu.qcow2").getHost())
			.isEqualTo("images.example.com");
		assertThat(this.policy.check("http://93.184.216.34/disk.vmdk").getPort()).isEqualTo(-1);
	}

	@Test
	void refusesOtherSchemesAndTheObsForm() {
		assertRefused("ftp://example.com/a.qcow2");
		assertRefused("file:///etc/passwd");
		assertThatThrownBy(() -> this.policy.check("my-bucket:images/disk.qcow2"))
			.hasMessageContaining("OBS");
	}

	@Test
	void refusesInternalAddresses() throws Exception {
		for (String url : new String[] { "http://127.0.0.1/a", "http://localhost:8080/a", "http://10.1.2.3/a",
				"http://172.16.0.1/a", "http://192.168.1.1/a", "http://169.254.169.254/latest/meta-data",
				"http://[::1]/a", "http://[fd00::1]/a", "http://100.64.0.1/a", "http://0.0.0.0/a" }) {
			assertRefused(url);
		}
		assertThatThrownBy(() -> this.policy.requireAllowed("evil.example.com", InetAddress.getByName("10.0.0.5")))
			.hasMessageContaining("10.0.0.5");
	}

	@Test
	void letsAllowListedHostsThrough() throws Exception {
		SourcePolicy allowing = new SourcePolicy(Set.of("127.0.0.1", "mirror.internal"));

		assertThat(allowing.check("http://127.0.0.1:8080/a.qcow2").getPort()).isEqualTo(8080);
		allowing.requireAllowed("mirror.internal", InetAddress.getByName("10.0.0.5"));
	}

	@Test
	void refusesCredentialsInTheUrl() {
		assertRefused("https://user:secret@example.com/a.qcow2");
	}

	@Test
	void letsExportsGoOnlyToHttpsUrlsOfPublicOrAllowListedHosts() {
		assertThat(this.policy.checkDestination("https://bucket.example.com/disk.qcow2?X-Amz-Signature=abc").getHost())
			.isEqualTo("bucket.example.com");
		for (String url : new String[] { "http://bucket.example.com/disk.qcow2", "my-bucket:disk.qcow2",
				"https://10.1.2.3/disk.qcow2", "https://localhost/disk.qcow2", "https://user:key@example.com/a",
				"https:///disk.qcow2" }) {
			assertThatThrownBy(() -> this.policy.checkDestination(url)).as(url).isInstanceOfSatisfying(
					ImsException.class, (error) -> assertThat(error.code()).isEqualTo("IMG.0426"));
		}
		assertThatThrownBy(() -> this.policy.checkDestination("http://bucket.example.com/a"))
			.hasMessageContaining("bucket_url must be an https URL");
		assertThat(new SourcePolicy(Set.of("localhost")).checkDestination("https://localhost:8443/a").getPort())
			.isEqualTo(8443);
	}

	private void assertRefused(String url) {
		assertThatThrownBy(() -> this.policy.check(url)).isInstanceOfSatisfying(ImsException.class,
				(error) -> assertThat(error.code()).isEqualTo("IMG.0426"));
	}

}
