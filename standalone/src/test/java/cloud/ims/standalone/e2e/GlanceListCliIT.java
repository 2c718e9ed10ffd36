package cloud.ims.standalone.e2e;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageData;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.image.ImageStatus;
import cloud.ims.core.image.Visibility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Glance's list parameters and discovery calls through the real OpenStack command-line clients: sorted lists
 * ({@code --sort name:asc}, repeated {@code --sort-key}), property filters ({@code --property-filter},
 * {@code --property}), hidden images ({@code --hidden}), {@code glance stores-info} and {@code glance usage}.
 * Skipped where the clients are not installed.
 */
class GlanceListCliIT {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	static Path home;

	private static Tenant tenant;

	private static OpenStackCli cli;

	@BeforeAll
	static void seed() {
		TestStack stack = TestStack.get();
		tenant = Tenant.newProject();
		cli = new OpenStackCli(stack.baseUrl(), Accounts.member(tenant.projectId),
				stack.dataDir().resolve("tls/server.crt"), home);
		store("cli-alpha", 1000, Map.of("os_distro", "ubuntu"));
		store("cli-beta", 3000, Map.of("os_distro", "centos"));
		store("cli-delta", 3000, Map.of("os_distro", "ubuntu"));
		store("cli-hidden", 10, Map.of("os_distro", "ubuntu", "os_hidden", "true"));
	}

	@Test
	void openstackSortsAndFiltersByProperty() {
		assertThat(ours(openstackNames("image", "list", "--sort", "name:asc", "--property", "os_distro=ubuntu")))
			.containsExactly("cli-alpha", "cli-delta");
		assertThat(ours(openstackNames("image", "list", "--sort", "name:desc"))).containsExactly("cli-delta",
				"cli-beta", "cli-alpha");
	}

	@Test
	void openstackListsHiddenImagesOnlyWhenAsked() {
		assertThat(ours(openstackNames("image", "list", "--hidden"))).containsExactly("cli-hidden");
	}

	@Test
	void glanceSortsAndFiltersByPropertyOnTheServer() {
		assertThat(ours(glanceNames("image-list", "--sort", "name:asc", "--property-filter", "os_distro=ubuntu")))
			.containsExactly("cli-alpha", "cli-delta");
		assertThat(ours(glanceNames("image-list", "--sort", "size:desc,name:desc"))).containsExactly("cli-delta",
				"cli-beta", "cli-alpha");
		assertThat(ours(glanceNames("image-list", "--sort-key", "size", "--sort-key", "name", "--sort-dir", "asc",
				"--sort-dir", "desc"))).containsExactly("cli-alpha", "cli-delta", "cli-beta");
		assertThat(ours(glanceNames("image-list", "--hidden", "true"))).containsExactly("cli-hidden");
	}

	@Test
	void glanceNamesTheStore() {
		OpenStackCli.Output output = cli.glance("stores-info");

		assertThat(output.exitCode()).as("%s", output).isZero();
		assertThat(output.stdout()).contains("stores").contains("\"id\": \"local\"");
	}

	@Test
	void glanceReportsTheProjectsUsage() {
		OpenStackCli.Output output = cli.glance("usage");

		assertThat(output.exitCode()).as("%s", output).isZero();
		Map<String, List<String>> rows = new java.util.LinkedHashMap<>();
		output.stdout().lines().filter((line) -> line.startsWith("| ") && !line.contains("Quota")).forEach((line) -> {
			String[] cells = line.split("\\|");
			rows.put(cells[1].trim(), List.of(cells[2].trim(), cells[3].trim()));
		});
		assertThat(rows).containsOnlyKeys("image_size_total", "image_stage_total", "image_count_total",
				"image_count_uploading");
		assertThat(rows.get("image_count_total").get(1)).as("the fixtures take no quota unit").isEqualTo("0");
		assertThat(rows.get("image_size_total")).as("the quota of image bytes, 1 TiB, in MiB").containsExactly("1048576", "0");
	}

	private static List<String> openstackNames(String... arguments) {
		String[] withJson = java.util.stream.Stream.concat(java.util.Arrays.stream(arguments),
				java.util.stream.Stream.of("-f", "json")).toArray(String[]::new);
		OpenStackCli.Output output = cli.openstack(withJson);
		assertThat(output.exitCode()).as("%s", output).isZero();
		return JSON.readValue(output.stdout(), new TypeReference<List<Map<String, Object>>>() {
		}).stream().map((row) -> (String) row.get("Name")).toList();
	}

	/** The names in the table glance prints, in its order. */
	private static List<String> glanceNames(String... arguments) {
		OpenStackCli.Output output = cli.glance(arguments);
		assertThat(output.exitCode()).as("%s", output).isZero();
		return output.stdout().lines().filter((line) -> line.startsWith("| ")).map((line) -> line.split("\\|"))
			.filter((cells) -> cells.length >= 3).map((cells) -> cells[2].trim()).filter((name) -> !name.equals("Name"))
			.toList();
	}

	/** This test's images among those listed (the public ones are listed too). */
	private static List<String> ours(List<String> names) {
		return names.stream().filter((name) -> name.startsWith("cli-")).toList();
	}

	private static void store(String name, long size, Map<String, String> properties) {
		Instant now = Instant.now();
		ImageFixture.store(new Image(ImageId.newId(), name, ImageStatus.ACTIVE, Visibility.PRIVATE, tenant.projectId,
				false, List.of(), "bare", 10, 0, null, new ImageData("raw", size, size, "0".repeat(32), "0".repeat(64)),
				"Linux", "Ubuntu 24.04 server 64bit", "Ubuntu", "64", null, "upload", properties, null, now, now, 0));
	}

}
