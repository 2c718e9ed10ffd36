package cloud.ims.core.spring;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import cloud.ims.core.compute.vsphere.VsphereSettings;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VspherePropertiesTests {

	private static final URI URL = URI.create("https://vcenter.example.com/sdk");

	@TempDir
	Path directory;

	@Test
	void refusesToStartWithoutUrlUsernameOrPasswordNamingEach() {
		assertThatThrownBy(() -> properties(null, null, null, null).toSettings()).isInstanceOf(InvalidSettings.class)
			.hasMessageContaining("ims.vsphere.url (IMS_VSPHERE_URL) is not set")
			.hasMessageContaining("ims.vsphere.username (IMS_VSPHERE_USERNAME) is not set")
			.hasMessageContaining("ims.vsphere.password (IMS_VSPHERE_PASSWORD) or ims.vsphere.password-file is not set");
		assertThatThrownBy(() -> properties(URL, "ims", null, null).toSettings())
			.hasMessage("ims.driver.type=vsphere, but ims.vsphere.password (IMS_VSPHERE_PASSWORD) or "
					+ "ims.vsphere.password-file is not set.");
	}

	@Test
	void refusesAUrlThatIsNotHttp() {
		assertThatThrownBy(() -> properties(URI.create("vcenter.example.com"), "ims", "secret", null).toSettings())
			.hasMessageContaining("ims.vsphere.url must be an https:// URL");
	}

	@Test
	void readsThePasswordFromItsFileAndKeepsTheRest() throws IOException {
		Path secret = Files.writeString(this.directory.resolve("password"), "s3cret\n");

		VsphereSettings settings = properties(URL, "ims@vsphere.local", null, secret).toSettings();

		assertThat(settings.password()).isEqualTo("s3cret");
		assertThat(settings.url()).isEqualTo(URL);
		assertThat(settings.cluster()).isEqualTo("cluster-1");
		assertThat(settings.taskTimeout()).isEqualTo(Duration.ofMinutes(10));
	}

	@Test
	void refusesBothAPasswordAndAPasswordFile() {
		assertThatThrownBy(() -> properties(URL, "ims", "secret", this.directory.resolve("password")).toSettings())
			.hasMessageContaining("both ims.vsphere.password and ims.vsphere.password-file are set");
	}

	@Test
	void neverShowsThePassword() {
		assertThat(properties(URL, "ims", "s3cret", null).toString()).doesNotContain("s3cret");
	}

	private static VsphereProperties properties(@Nullable URI url, @Nullable String username,
			@Nullable String password, @Nullable Path passwordFile) {
		return new VsphereProperties(url, username, password, passwordFile, null, "cluster-1", null, null, null, null,
				null, null, Duration.ofMinutes(10), Duration.ofMinutes(2), Duration.ofMillis(500));
	}

}
