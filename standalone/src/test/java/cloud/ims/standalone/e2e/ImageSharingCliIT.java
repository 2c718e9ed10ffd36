package cloud.ims.standalone.e2e;

import java.nio.file.Path;
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

/**
 * Sharing images with the real OpenStack command-line clients, signed in with a password as their users would:
 * {@code openstack image add project}, {@code image member list}, {@code image set --accept} run by the member and
 * {@code image remove project}; {@code glance member-create}, {@code member-update}, {@code member-list} and
 * {@code member-delete}. What they print and what the API answers afterwards are both checked. Fails with one line
 * naming the package where a client is not installed.
 */
class ImageSharingCliIT {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	static Path ownerHome;

	@TempDir
	static Path memberHome;

	private static Tenant owner;

	private static Tenant member;

	private static OpenStackCli asOwner;

	private static OpenStackCli asMember;

	@BeforeAll
	static void requireClients() {
		SystemTool.GLANCE.require();
		SystemTool.OPENSTACK.require();
		TestStack stack = TestStack.get();
		owner = Tenant.newProject();
		member = Tenant.newProject();
		Path certificate = stack.dataDir().resolve("tls/server.crt");
		asOwner = new OpenStackCli(stack.baseUrl(), Accounts.member(owner.projectId), certificate, ownerHome);
		asMember = new OpenStackCli(stack.baseUrl(), Accounts.member(member.projectId), certificate, memberHome);
	}

	@Test
	void openstackSharesAnImageTheMemberAcceptsAndTheOwnerUnshares() {
		String image = ImageFixture.anActivePrivateImage(owner.projectId, "cli-openstack-shared").id().value();

		OpenStackCli.Output added = asOwner.openstack("image", "add", "project", image, member.projectId, "-f", "json");

		assertThat(added.exitCode()).as("%s", added).isZero();
		assertThat(json(added)).containsEntry("image_id", image)
			.containsEntry("member_id", member.projectId)
			.containsEntry("status", "pending");
		assertThat(rows(asOwner.openstack("image", "member", "list", image, "-f", "json")))
			.containsExactly(Map.of("Image ID", image, "Member ID", member.projectId, "Status", "pending"));
		assertThat(ids(asMember.openstack("image", "list", "-f", "json"))).doesNotContain(image);

		OpenStackCli.Output accepted = asMember.openstack("image", "set", "--accept", image);

		assertThat(accepted.exitCode()).as("%s", accepted).isZero();
		assertThat(ids(asMember.openstack("image", "list", "-f", "json"))).contains(image);
		assertThat(ids(asMember.openstack("image", "list", "--shared", "-f", "json"))).containsExactly(image);
		assertThat(memberStatus(image)).isEqualTo("accepted");

		OpenStackCli.Output removed = asOwner.openstack("image", "remove", "project", image, member.projectId);

		assertThat(removed.exitCode()).as("%s", removed).isZero();
		assertThat(rows(asOwner.openstack("image", "member", "list", image, "-f", "json"))).isEmpty();
		assertThat(ids(asMember.openstack("image", "list", "-f", "json"))).doesNotContain(image);
		member.get("/v2/images/" + image).expectStatus().isNotFound();
	}

	@Test
	void glanceCreatesUpdatesListsAndDeletesMembers() {
		String image = ImageFixture.anActivePrivateImage(owner.projectId, "cli-glance-shared").id().value();

		OpenStackCli.Output created = asOwner.glance("member-create", image, member.projectId);

		assertThat(created.exitCode()).as("%s", created).isZero();
		assertThat(created.stdout()).contains(image).contains(member.projectId).contains("pending");

		OpenStackCli.Output refused = asOwner.glance("member-update", image, member.projectId, "accepted");

		assertThat(refused.exitCode()).as("only the member answers: %s", refused).isNotZero();
		assertThat(refused.stderr()).contains("Only project " + member.projectId + " itself can accept or reject");

		OpenStackCli.Output updated = asMember.glance("member-update", image, member.projectId, "accepted");

		assertThat(updated.exitCode()).as("%s", updated).isZero();
		assertThat(updated.stdout()).contains("accepted");
		assertThat(memberStatus(image)).isEqualTo("accepted");

		OpenStackCli.Output listed = asOwner.glance("member-list", "--image-id", image);

		assertThat(listed.exitCode()).as("%s", listed).isZero();
		assertThat(listed.stdout()).contains(member.projectId).contains("accepted");
		assertThat(asMember.glance("image-list").stdout()).contains(image);

		OpenStackCli.Output deleted = asOwner.glance("member-delete", image, member.projectId);

		assertThat(deleted.exitCode()).as("%s", deleted).isZero();
		assertThat(asOwner.glance("member-list", "--image-id", image).stdout()).doesNotContain(member.projectId);
		assertThat(asMember.glance("image-list").stdout()).doesNotContain(image);
	}

	/** The member's status as the owner reads it through the API. */
	@SuppressWarnings("unchecked")
	private static String memberStatus(String image) {
		Map<String, Object> shown = owner.json(owner.get("/v2/images/" + image + "/members/" + member.projectId),
				HttpStatus.OK);
		return (String) shown.get("status");
	}

	private static Map<String, Object> json(OpenStackCli.Output output) {
		return JSON.readValue(output.stdout(), new TypeReference<>() {
		});
	}

	private static List<Map<String, Object>> rows(OpenStackCli.Output output) {
		assertThat(output.exitCode()).as("%s", output).isZero();
		return JSON.readValue(output.stdout(), new TypeReference<>() {
		});
	}

	private static List<Object> ids(OpenStackCli.Output output) {
		return rows(output).stream().map((row) -> row.get("ID")).toList();
	}

}
