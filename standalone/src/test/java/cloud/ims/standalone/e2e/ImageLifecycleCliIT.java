package cloud.ims.standalone.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import cloud.ims.core.testing.SystemTool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deactivating and reactivating images with the real OpenStack command-line clients, signed in with a password:
 * {@code openstack image set --deactivate} and {@code --activate}, {@code glance image-deactivate} and
 * {@code image-reactivate}; a deactivated image's data is refused to {@code openstack image save} and
 * {@code glance image-download}, and served again once reactivated. Fails with one line naming the package where a
 * client is not installed.
 */
class ImageLifecycleCliIT {

	@TempDir
	static Path home;

	@TempDir
	static Path sources;

	@TempDir
	Path downloads;

	private static Tenant tenant;

	private static OpenStackCli cli;

	private static ImportedImages imported;

	@BeforeAll
	static void requireClients() {
		SystemTool.GLANCE.require();
		SystemTool.OPENSTACK.require();
		TestStack stack = TestStack.get();
		tenant = Tenant.newProject();
		cli = new OpenStackCli(stack.baseUrl(), Accounts.member(tenant.projectId),
				stack.dataDir().resolve("tls/server.crt"), home);
		imported = new ImportedImages(sources);
	}

	@AfterAll
	static void stopServing() {
		if (imported != null) {
			imported.close();
		}
	}

	@Test
	void openstackDeactivatesAndActivatesAnImageWhoseDataItSavesOnlyWhenActive() throws IOException {
		String image = imported.activeImage(tenant, "cli-openstack-lifecycle");
		Path saved = this.downloads.resolve("saved.vmdk");

		OpenStackCli.Output deactivated = cli.openstack("image", "set", "--deactivate", image);

		assertThat(deactivated.exitCode()).as("%s", deactivated).isZero();
		assertThat(status(image)).isEqualTo("deactivated");
		OpenStackCli.Output refused = cli.openstack("image", "save", "--file", saved.toString(), image);
		assertThat(refused.exitCode()).as("%s", refused).isNotZero();
		assertThat(status(image)).isEqualTo("deactivated");

		OpenStackCli.Output activated = cli.openstack("image", "set", "--activate", image);

		assertThat(activated.exitCode()).as("%s", activated).isZero();
		assertThat(status(image)).isEqualTo("active");
		OpenStackCli.Output save = cli.openstack("image", "save", "--file", saved.toString(), image);
		assertThat(save.exitCode()).as("%s", save).isZero();
		assertThat(Files.readAllBytes(saved)).isEqualTo(Files.readAllBytes(ImportedImages.storedFile(image)));
	}

	@Test
	void glanceDeactivatesAndReactivatesAnImage() throws IOException {
		String image = imported.activeImage(tenant, "cli-glance-lifecycle");
		Path downloaded = this.downloads.resolve("downloaded.vmdk");

		OpenStackCli.Output deactivated = cli.glance("image-deactivate", image);

		assertThat(deactivated.exitCode()).as("%s", deactivated).isZero();
		assertThat(cli.glance("image-show", image).properties()).containsEntry("status", "deactivated");
		OpenStackCli.Output refused = cli.glance("image-download", "--file", downloaded.toString(), image);
		assertThat(refused.exitCode()).as("%s", refused).isNotZero();
		assertThat(refused.stderr()).contains("is deactivated: its data cannot be downloaded");

		OpenStackCli.Output reactivated = cli.glance("image-reactivate", image);

		assertThat(reactivated.exitCode()).as("%s", reactivated).isZero();
		assertThat(status(image)).isEqualTo("active");
		OpenStackCli.Output download = cli.glance("image-download", "--file", downloaded.toString(), image);
		assertThat(download.exitCode()).as("%s", download).isZero();
		assertThat(Files.readAllBytes(downloaded)).isEqualTo(Files.readAllBytes(ImportedImages.storedFile(image)));
	}

	private static String status(String image) {
		Map<String, Object> shown = tenant.json(tenant.get("/v2/images/" + image), HttpStatus.OK);
		return (String) shown.get("status");
	}

}
