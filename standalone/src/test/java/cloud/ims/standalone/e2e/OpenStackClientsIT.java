package cloud.ims.standalone.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import cloud.ims.core.testing.SystemTool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;
import static org.awaitility.Awaitility.await;

/**
 * The standard OpenStack command-line clients work against the gateway unchanged: the real {@code glance}
 * (python3-glanceclient) and {@code openstack} (python3-openstackclient) commands sign in with a user name and
 * password at the Keystone endpoint, verify the server's certificate, and list, show, rename, tag and delete
 * images; what they print is checked. Fails with one line naming the package where a client is not installed.
 */
class OpenStackClientsIT {

	private static final String BASE_IMAGE = "ims-base-linux";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	static Path home;

	private static Tenant tenant;

	private static OpenStackCli cli;

	private static String serverId;

	@BeforeAll
	static void requireClients() {
		SystemTool.GLANCE.require();
		SystemTool.OPENSTACK.require();
		tenant = Tenant.newProject();
		TestStack stack = TestStack.get();
		cli = new OpenStackCli(stack.baseUrl(), Accounts.member(tenant.projectId), stack.dataDir().resolve("tls/server.crt"),
				home);
	}

	@Test
	void glanceListsTheBaseImage() {
		OpenStackCli.Output output = cli.glance("image-list");

		assertThat(output.exitCode()).as("%s", output).isZero();
		assertThat(output.stdout()).contains(tenant.baseImageId()).contains(BASE_IMAGE);
	}

	@Test
	void glanceShowsAnImageWithItsHuaweiExtensions() {
		OpenStackCli.Output output = cli.glance("image-show", tenant.baseImageId());

		assertThat(output.exitCode()).as("%s", output).isZero();
		assertThat(output.properties()).containsEntry("id", tenant.baseImageId())
			.containsEntry("name", BASE_IMAGE)
			.containsEntry("status", "active")
			.containsEntry("visibility", "public")
			.containsEntry("__imagetype", "gold")
			.containsKeys("__os_type", "__os_bit", "__image_size", "__frequently_used", "max_ram");
	}

	@Test
	void openstackListsTheBaseImageAsJson() {
		OpenStackCli.Output output = cli.openstack("image", "list", "-f", "json");

		assertThat(output.exitCode()).as("%s", output).isZero();
		assertThat(JSON.readValue(output.stdout(), new TypeReference<List<Map<String, Object>>>() {
		})).contains(Map.of("ID", tenant.baseImageId(), "Name", BASE_IMAGE, "Status", "active"));
	}

	@Test
	void openstackShowsAnImageAsJson() {
		OpenStackCli.Output output = cli.openstack("image", "show", tenant.baseImageId(), "-f", "json");

		assertThat(output.exitCode()).as("%s", output).isZero();
		Map<String, Object> image = JSON.readValue(output.stdout(), new TypeReference<>() {
		});
		assertThat(image).containsEntry("id", tenant.baseImageId())
			.containsEntry("name", BASE_IMAGE)
			.containsEntry("status", "active")
			.containsEntry("visibility", "public");
		assertThat(image).extractingByKey("properties").asInstanceOf(MAP)
			.containsEntry("__imagetype", "gold");
	}

	@Test
	void openstackFindsAnImageByName() {
		OpenStackCli.Output output = cli.openstack("image", "show", BASE_IMAGE, "-f", "value", "-c", "id");

		assertThat(output.exitCode()).as("%s", output).isZero();
		assertThat(output.stdout().trim()).isEqualTo(tenant.baseImageId());
	}

	@Test
	void glanceRenamesAnImage() {
		String imageId = capturedImage("glance-rename");

		OpenStackCli.Output output = cli.glance("image-update", "--name", "renamed by glance", imageId);

		assertThat(output.exitCode()).as("%s", output).isZero();
		assertThat(output.properties()).containsEntry("name", "renamed by glance");
		assertThat(image(imageId)).containsEntry("name", "renamed by glance");
	}

	@Test
	void glanceTagsAndUntagsAnImage() {
		String imageId = capturedImage("glance-tags");

		OpenStackCli.Output tagged = cli.glance("image-tag-update", imageId, "blue");

		assertThat(tagged.exitCode()).as("%s", tagged).isZero();
		assertThat(tagged.stdout()).contains("blue");
		assertThat(image(imageId)).extractingByKey("tags").asInstanceOf(LIST).contains("blue");

		OpenStackCli.Output untagged = cli.glance("image-tag-delete", imageId, "blue");

		assertThat(untagged.exitCode()).as("%s", untagged).isZero();
		assertThat(image(imageId)).extractingByKey("tags").asInstanceOf(LIST).doesNotContain("blue");
	}

	@Test
	void glanceDeletesAnImage() {
		String imageId = capturedImage("glance-delete");

		OpenStackCli.Output output = cli.glance("image-delete", imageId);

		assertThat(output.exitCode()).as("%s", output).isZero();
		awaitGone(imageId);
		assertThat(cli.glance("image-list").stdout()).doesNotContain(imageId);
	}

	@Test
	void openstackRenamesAnImage() {
		String imageId = capturedImage("openstack-rename");

		OpenStackCli.Output output = cli.openstack("image", "set", "--name", "renamed by openstack", imageId);

		assertThat(output.exitCode()).as("%s", output).isZero();
		assertThat(image(imageId)).containsEntry("name", "renamed by openstack");
		assertThat(cli.openstack("image", "show", imageId, "-f", "value", "-c", "name").stdout().trim())
			.isEqualTo("renamed by openstack");
	}

	@Test
	void openstackDeletesAnImage() {
		String imageId = capturedImage("openstack-delete");

		OpenStackCli.Output output = cli.openstack("image", "delete", imageId);

		assertThat(output.exitCode()).as("%s", output).isZero();
		awaitGone(imageId);
	}

	/** Captures the tenant's ECS (created once) into a new private image and answers its id. */
	@SuppressWarnings("unchecked")
	private static String capturedImage(String name) {
		if (serverId == null) {
			serverId = tenant.activeServer("openstack-clients");
		}
		Map<String, Object> accepted = tenant.json(tenant.post("/v2/cloudimages/action",
				"{\"name\":\"%s\",\"instance_id\":\"%s\"}".formatted(name, serverId)), HttpStatus.ACCEPTED);
		Map<String, Object> job = tenant.awaitJob((String) accepted.get("job_id"));
		assertThat(job).containsEntry("status", "SUCCESS");
		return (String) ((Map<String, Object>) job.get("entities")).get("image_id");
	}

	private static Map<String, Object> image(String imageId) {
		return tenant.json(tenant.get("/v2/images/" + imageId), HttpStatus.OK);
	}

	private static void awaitGone(String imageId) {
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.untilAsserted(() -> tenant.get("/v2/images/" + imageId).expectStatus().isNotFound());
	}

}
