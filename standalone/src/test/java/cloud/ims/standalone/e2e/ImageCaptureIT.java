package cloud.ims.standalone.e2e;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import cloud.ims.core.qemu.DiskImageInfo;
import cloud.ims.core.qemu.QemuImg;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flow 2: an ECS captured into a private image through the image-worker, and an ECS created from that image.
 */
class ImageCaptureIT {

	private final Tenant owner = Tenant.newProject();

	private final Tenant stranger = Tenant.newProject();

	@Test
	@SuppressWarnings("unchecked")
	void capturesAnEcsIntoAPrivateImageThatNewEcssCanBeCreatedFrom() throws Exception {
		String serverId = this.owner.activeServer("golden");

		Map<String, Object> accepted = this.owner.json(this.owner.post("/v2/cloudimages/action", """
				{"name":"golden image","instance_id":"%s","description":"captured in a test","tags":["team=qa"]}"""
			.formatted(serverId)), HttpStatus.ACCEPTED);
		Map<String, Object> job = this.owner.awaitJob((String) accepted.get("job_id"));

		assertThat(job).containsEntry("status", "SUCCESS").containsEntry("job_type", "imsCreateImageByInstance");
		String imageId = (String) ((Map<String, Object>) job.get("entities")).get("image_id");
		Map<String, Object> image = this.owner.json(this.owner.get("/v2/images/" + imageId), HttpStatus.OK);
		assertThat(image).containsEntry("status", "active")
			.containsEntry("visibility", "private")
			.containsEntry("owner", this.owner.projectId)
			.containsEntry("disk_format", "vmdk")
			.containsEntry("__imagetype", "private")
			.containsEntry("__data_origin", "instance," + serverId)
			.containsEntry("tags", List.of("team=qa"))
			.containsEntry("os_hash_algo", "sha256");
		assertThat((String) image.get("os_hash_value")).hasSize(64);
		assertThat((String) image.get("checksum")).hasSize(32);
		DiskImageInfo stored = new QemuImg("qemu-img", java.time.Duration.ofMinutes(1), 1L << 30)
			.info(storedFile(imageId));
		assertThat(stored.format()).isEqualTo("vmdk");
		assertThat(stored.referencesOtherFiles()).isFalse();

		assertThat(names(this.owner.json(this.owner.get("/v2/cloudimages"), HttpStatus.OK)))
			.contains("golden image", "ims-base-linux");
		assertThat(names(this.stranger.json(this.stranger.get("/v2/cloudimages"), HttpStatus.OK)))
			.contains("ims-base-linux")
			.doesNotContain("golden image");

		Map<String, Object> fromImage = this.owner.createServers(imageId, "from-golden", 1);
		assertThat(this.owner.awaitJob((String) fromImage.get("job_id"))).containsEntry("status", "SUCCESS");
	}

	@Test
	void refusesToCaptureAnEcsOfAnotherProject() {
		String serverId = this.owner.activeServer("private-ecs");

		Map<String, Object> error = this.stranger.json(this.stranger.post("/v2/cloudimages/action",
				"{\"name\":\"stolen\",\"instance_id\":\"" + serverId + "\"}"), HttpStatus.BAD_REQUEST);

		assertThat(error).extractingByKey("error").hasFieldOrPropertyWithValue("code", "IMG.0003");
	}

	@SuppressWarnings("unchecked")
	private static List<Object> names(Map<String, Object> list) {
		return ((List<Map<String, Object>>) list.get("images")).stream().map((image) -> image.get("name")).toList();
	}

	private static Path storedFile(String imageId) {
		return TestStack.get().dataDir().resolve("images/objects/" + imageId);
	}

}
