package cloud.ims.core.compute.vsphere;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class VsphereSettingsTests {

	@Test
	void masksThePasswordInItsText() {
		assertThat(settings("http://127.0.0.1:8989/sdk", null, null).toString()).doesNotContain("s3cret")
			.contains("username=ims")
			.contains("password=******");
	}

	@Test
	void refusesAThumbprintAndACaFileTogether() {
		VsphereSettings both = settings("https://vcenter.example.com/sdk", Path.of("vcenter.pem"), "AA:BB");
		assertThatIllegalArgumentException().isThrownBy(() -> VsphereTls.context(both))
			.withMessageContaining("ims.vsphere.thumbprint")
			.withMessageContaining("ims.vsphere.ca-file");
	}

	@Test
	void allowsPlainHttpOnlyToLiteralLoopbackAddresses() {
		for (String host : new String[] { "127.0.0.1", "127.1.2.3", "[::1]", "localhost", "LOCALHOST" }) {
			assertThat(VsphereTls.isLoopback(host)).as(host).isTrue();
		}
		for (String host : new String[] { "localhost.example.com", "127.0.0.1.nip.io", "vcenter", "10.0.0.1",
				"128.0.0.1", "127.0.0.256", "[::2]", "" }) {
			assertThat(VsphereTls.isLoopback(host)).as(host).isFalse();
		}
		assertThatIllegalArgumentException()
			.isThrownBy(() -> VsphereTls.checkScheme(URI.create("http://127.0.0.1.nip.io/sdk")));
	}

	@Test
	void leavesOutCharactersThatXmlCannotCarry() {
		assertThat(Xml.element("annotation", "a\u0001b\u001fc\td")).isEqualTo("<annotation>a\uFFFDb\uFFFDc\td</annotation>");
	}

	private static VsphereSettings settings(String url, Path caFile, String thumbprint) {
		return new VsphereSettings(URI.create(url), "ims", "s3cret", caFile, thumbprint, null, null, null, null, null,
				null, Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofSeconds(1));
	}

}
