package cloud.ims.standalone.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageData;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.image.ImageStatus;
import cloud.ims.core.image.Visibility;
import com.huaweicloud.sdk.ims.v2.ImsClient;
import com.huaweicloud.sdk.ims.v2.model.GlanceAddImageMemberRequest;
import com.huaweicloud.sdk.ims.v2.model.GlanceAddImageMemberRequestBody;
import com.huaweicloud.sdk.ims.v2.model.GlanceCreateTagRequest;
import com.huaweicloud.sdk.ims.v2.model.GlanceDeleteTagRequest;
import com.huaweicloud.sdk.ims.v2.model.GlanceListImagesRequest;
import com.huaweicloud.sdk.ims.v2.model.GlanceShowImageListResponseBody;
import com.huaweicloud.sdk.ims.v2.model.GlanceShowImageMemberRequest;
import com.huaweicloud.sdk.ims.v2.model.GlanceShowImageRequest;
import com.huaweicloud.sdk.ims.v2.model.GlanceShowImageResponse;
import com.huaweicloud.sdk.ims.v2.model.GlanceUpdateImageMemberRequest;
import com.huaweicloud.sdk.ims.v2.model.GlanceUpdateImageMemberRequestBody;
import com.huaweicloud.sdk.ims.v2.model.GlanceUpdateImageRequest;
import com.huaweicloud.sdk.ims.v2.model.GlanceUpdateImageRequestBody;
import com.huaweicloud.sdk.ims.v2.model.GlanceUpdateImageResponse;
import com.huaweicloud.sdk.ims.v2.model.ImageInfo;
import com.huaweicloud.sdk.ims.v2.model.ListImagesRequest;
import com.huaweicloud.sdk.ims.v2.model.UpdateImageRequest;
import com.huaweicloud.sdk.ims.v2.model.UpdateImageRequestBody;
import com.huaweicloud.sdk.ims.v2.model.UpdateImageResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Images beyond 2 GiB through the official Huawei SDK and the OpenStack clients at once (ADR 35). The SDK's Glance
 * models hold {@code virtual_size} as a 32-bit {@code Integer} and fail the whole call on a larger number, so a
 * caller that signs with an access key gets it null there, and reads the stored size exactly from {@code size} (a
 * {@code Long} in those models) and {@code __image_size} (a string); token holders, as the OpenStack clients are, see
 * the exact numbers. One image is a real 40 GiB qcow2 imported through the pipeline (a sparse disk, so its stored
 * file is small); the other has a stored file beyond 2 GiB, recorded straight into the store, since importing
 * 2 GiB of data that does not compress takes minutes.
 */
class HuaweiSdkBigImagesIT {

	private static final long GIB = 1L << 30;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	static Path sources;

	@TempDir
	static Path home;

	private static FileServer server;

	private final Tenant tenant = Tenant.newProject();

	private final KeyHolder owner = KeyHolder.memberOf(this.tenant.projectId);

	private final ImsClient ims = this.owner.client(ImsClient.newBuilder());

	@BeforeAll
	static void serveAFortyGibibyteDisk() {
		server = FileServer.start().file("/forty.qcow2", new DiskImages(sources).emptyQcow2("40G"));
	}

	@AfterAll
	static void stopServing() {
		if (server != null) {
			server.close();
		}
	}

	@Test
	void drivesEveryGlanceOperationOnAnImportedFortyGibibyteImage() throws IOException {
		String id = importFortyGibibytes("sdk-forty");
		long stored = Files.size(ImportedImages.storedFile(id));
		Map<String, Object> exact = this.tenant.json(this.tenant.get("/v2/images/" + id), HttpStatus.OK);
		assertThat(exact).containsEntry("virtual_size", 40 * GIB);
		assertThat(((Number) exact.get("size")).longValue()).isEqualTo(stored);

		GlanceShowImageResponse shown = this.ims.glanceShowImage(new GlanceShowImageRequest().withImageId(id));

		assertThat(shown.getId()).isEqualTo(id);
		assertThat(shown.getStatus()).isEqualTo(GlanceShowImageResponse.StatusEnum.ACTIVE);
		assertThat(shown.getMinDisk()).isEqualTo(40);
		assertThat(shown.getSize()).isEqualTo(stored);
		assertThat(shown.getImageSize()).isEqualTo(String.valueOf(stored));
		assertThat(shown.getVirtualSize()).as("40 GiB does not fit the SDK's Integer").isNull();

		assertThat(this.ims.glanceListImages(new GlanceListImagesRequest().withOwner(this.tenant.projectId)).getImages())
			.singleElement()
			.satisfies((listed) -> {
				assertThat(listed.getId()).isEqualTo(id);
				assertThat(listed.getSize()).isEqualTo(stored);
				assertThat(listed.getImageSize()).isEqualTo(String.valueOf(stored));
				assertThat(listed.getVirtualSize()).isNull();
			});

		GlanceUpdateImageResponse renamed = this.ims.glanceUpdateImage(new GlanceUpdateImageRequest().withImageId(id)
			.withBody(List.of(new GlanceUpdateImageRequestBody().withOp(GlanceUpdateImageRequestBody.OpEnum.REPLACE)
				.withPath("/name")
				.withValue("sdk-forty-renamed"))));
		assertThat(renamed.getName()).isEqualTo("sdk-forty-renamed");
		assertThat(renamed.getSize()).isEqualTo(stored);
		assertThat(renamed.getVirtualSize()).isNull();

		assertThat(this.ims.glanceCreateTag(new GlanceCreateTagRequest().withImageId(id).withTag("big"))
			.getHttpStatusCode()).isEqualTo(204);
		assertThat(this.ims.glanceShowImage(new GlanceShowImageRequest().withImageId(id)).getTags())
			.containsExactly("big");
		assertThat(this.ims.glanceDeleteTag(new GlanceDeleteTagRequest().withImageId(id).withTag("big"))
			.getHttpStatusCode()).isEqualTo(204);
		assertThat(this.ims.glanceShowImage(new GlanceShowImageRequest().withImageId(id)).getTags()).isEmpty();

		ImageInfo huawei = single(this.ims.listImages(new ListImagesRequest().withId(id)).getImages());
		assertThat(huawei.getName()).isEqualTo("sdk-forty-renamed");
		assertThat(huawei.getSize()).isEqualTo((int) stored);
		assertThat(huawei.getVirtualSize()).isNull();
		assertThat(this.tenant.json(this.tenant.get("/v2/images/" + id), HttpStatus.OK))
			.containsEntry("name", "sdk-forty-renamed")
			.containsEntry("virtual_size", 40 * GIB);
	}

	@Test
	void letsAMemberProjectsSdkReadASharedFortyGibibyteImage() {
		String id = importFortyGibibytes("sdk-forty-shared");
		KeyHolder member = KeyHolder.newMember();
		ImsClient asMember = member.client(ImsClient.newBuilder());

		this.ims.glanceAddImageMember(new GlanceAddImageMemberRequest().withImageId(id)
			.withBody(new GlanceAddImageMemberRequestBody().withMember(member.projectId)));
		asMember.glanceUpdateImageMember(new GlanceUpdateImageMemberRequest().withImageId(id)
			.withMemberId(member.projectId)
			.withBody(new GlanceUpdateImageMemberRequestBody()
				.withStatus(GlanceUpdateImageMemberRequestBody.StatusEnum.ACCEPTED)));

		assertThat(this.ims.glanceShowImageMember(new GlanceShowImageMemberRequest().withImageId(id)
			.withMemberId(member.projectId)).getStatus()).isEqualTo("accepted");
		GlanceShowImageResponse shown = asMember.glanceShowImage(new GlanceShowImageRequest().withImageId(id));
		assertThat(shown.getOwner()).isEqualTo(this.tenant.projectId);
		assertThat(shown.getVisibility()).isEqualTo(GlanceShowImageResponse.VisibilityEnum.SHARED);
		assertThat(shown.getVirtualSize()).isNull();
		assertThat(shown.getImageSize()).isEqualTo(String.valueOf(shown.getSize()));
		assertThat(asMember.glanceListImages(new GlanceListImagesRequest()
			.withVisibility(GlanceListImagesRequest.VisibilityEnum.SHARED)).getImages())
			.extracting(GlanceShowImageListResponseBody::getId, GlanceShowImageListResponseBody::getVirtualSize)
			.containsExactly(tuple(id, null));
	}

	@Test
	void readsAStoredSizeBeyondTwoGibibytesAsTheSdksLongAndString() {
		long size = 3 * GIB + 1;
		String id = stored("sdk-three", size).id().value();

		GlanceShowImageResponse shown = this.ims.glanceShowImage(new GlanceShowImageRequest().withImageId(id));

		assertThat(shown.getSize()).isEqualTo(size);
		assertThat(shown.getImageSize()).isEqualTo(String.valueOf(size));
		assertThat(shown.getVirtualSize()).isNull();
		assertThat(this.ims.glanceListImages(new GlanceListImagesRequest().withName("sdk-three")).getImages())
			.extracting(GlanceShowImageListResponseBody::getSize)
			.containsExactly(size);
		GlanceUpdateImageResponse described = this.ims.glanceUpdateImage(new GlanceUpdateImageRequest()
			.withImageId(id)
			.withBody(List.of(new GlanceUpdateImageRequestBody().withOp(GlanceUpdateImageRequestBody.OpEnum.ADD)
				.withPath("/__description")
				.withValue("three gibibytes"))));
		assertThat(described.getDescription()).isEqualTo("three gibibytes");
		assertThat(described.getSize()).isEqualTo(size);
		UpdateImageResponse updated = this.ims.updateImage(new UpdateImageRequest().withImageId(id)
			.withBody(List.of(new UpdateImageRequestBody().withOp(UpdateImageRequestBody.OpEnum.REPLACE)
				.withPath("/min_disk")
				.withValue("50"))));
		assertThat(updated.getMinDisk()).isEqualTo(50);
		assertThat(updated.getSize()).as("the Huawei dialect's Integer").isNull();
		assertThat(updated.getImageSize()).isEqualTo(String.valueOf(size));
		ImageInfo huawei = single(this.ims.listImages(new ListImagesRequest().withId(id)).getImages());
		assertThat(huawei.getSize()).isNull();
		assertThat(huawei.getImageSize()).isEqualTo(String.valueOf(size));
		assertThat(this.tenant.json(this.tenant.get("/v2/images/" + id), HttpStatus.OK))
			.containsEntry("size", size)
			.containsEntry("virtual_size", 40 * GIB)
			.containsEntry("__description", "three gibibytes")
			.containsEntry("min_disk", 50);
	}

	@Test
	void showsTheOpenStackClientsTheExactSizesOfTheImagesTheSdkReads() throws IOException {
		String imported = importFortyGibibytes("cli-forty");
		long size = 3 * GIB + 1;
		String seeded = stored("cli-three", size).id().value();
		OpenStackCli cli = new OpenStackCli(TestStack.get().baseUrl(), Accounts.member(this.tenant.projectId),
				TestStack.get().dataDir().resolve("tls/server.crt"), home);
		assertThat(this.ims.glanceShowImage(new GlanceShowImageRequest().withImageId(imported)).getVirtualSize())
			.isNull();

		Map<String, Object> forty = show(cli, imported);
		Map<String, Object> three = show(cli, seeded);
		Map<String, String> glance = cli.glance("image-show", seeded).properties();

		assertThat(((Number) forty.get("virtual_size")).longValue()).isEqualTo(40 * GIB);
		assertThat(((Number) forty.get("size")).longValue()).isEqualTo(Files.size(ImportedImages.storedFile(imported)));
		assertThat(((Number) three.get("size")).longValue()).isEqualTo(size);
		assertThat(((Number) three.get("virtual_size")).longValue()).isEqualTo(40 * GIB);
		assertThat(glance).containsEntry("size", String.valueOf(size))
			.containsEntry("virtual_size", String.valueOf(40 * GIB));
	}

	/** Imports the sparse 40 GiB qcow2 through the API, as the tenant, and answers the id of the active image. */
	private String importFortyGibibytes(String name) {
		Map<String, Object> accepted = this.tenant.json(this.tenant.post("/v2/cloudimages/action", """
				{"name":"%s","image_url":"%s","min_disk":40,"disk_format":"qcow2"}"""
			.formatted(name, server.url("/forty.qcow2"))), HttpStatus.ACCEPTED);
		Map<String, Object> job = this.tenant.awaitJob((String) accepted.get("job_id"));
		assertThat(job).as("import %s", job).containsEntry("status", "SUCCESS");
		return (String) ImportedImages.entities(job).get("image_id");
	}

	/** An active image of the tenant whose stored file has {@code size} bytes, recorded straight into the store. */
	private Image stored(String name, long size) {
		Instant now = Instant.now();
		return ImageFixture.store(new Image(ImageId.newId(), name, ImageStatus.ACTIVE, Visibility.PRIVATE,
				this.tenant.projectId, false, List.of(), "bare", 40, 0, null,
				new ImageData("vmdk", size, 40 * GIB, "3".repeat(32), "3".repeat(64)), "Linux",
				"Ubuntu 24.04 server 64bit", "Ubuntu", "64", null, "file,fixture", Map.of(), null, now, now, 0));
	}

	private static Map<String, Object> show(OpenStackCli cli, String imageId) {
		OpenStackCli.Output output = cli.openstack("image", "show", "-f", "json", imageId);
		assertThat(output.exitCode()).as("%s", output).isZero();
		return JSON.readValue(output.stdout(), new TypeReference<>() {
		});
	}

	private static ImageInfo single(List<ImageInfo> images) {
		assertThat(images).hasSize(1);
		return images.get(0);
	}

}
