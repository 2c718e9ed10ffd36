package cloud.ims.standalone.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.huaweicloud.sdk.core.exception.ClientRequestException;
import com.huaweicloud.sdk.ims.v2.ImsClient;
import com.huaweicloud.sdk.ims.v2.model.CopyImageInRegionRequest;
import com.huaweicloud.sdk.ims.v2.model.CopyImageInRegionRequestBody;
import com.huaweicloud.sdk.ims.v2.model.ExportImageRequest;
import com.huaweicloud.sdk.ims.v2.model.ExportImageRequestBody;
import com.huaweicloud.sdk.ims.v2.model.ExportImageRequestBody.FileFormatEnum;
import com.huaweicloud.sdk.ims.v2.model.ImageInfo;
import com.huaweicloud.sdk.ims.v2.model.ListImagesRequest;
import com.huaweicloud.sdk.ims.v2.model.ShowJobRequest;
import com.huaweicloud.sdk.ims.v2.model.ShowJobResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpStatus;

import static cloud.ims.standalone.e2e.ImportedImages.entities;
import static cloud.ims.standalone.e2e.ImportedImages.storedFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * CopyImageInRegion and ExportImage driven by the official Huawei Cloud SDK's {@code ImsClient}, signing with an access
 * key as HuaweiSdkImagesIT does: the requests as the SDK's models build them, the answers and the jobs parsed by its
 * strict models, and the results checked through the API and on disk.
 */
class HuaweiSdkExportCopyIT {

	@TempDir
	static Path directory;

	@TempDir
	Path downloads;

	private static ImportedImages imported;

	private static FileServer bucket;

	private static Path received;

	private final Tenant tenant = Tenant.newProject();

	/** A member of the tenant's project with an access key: the clients sign with the SDK's own BasicCredentials. */
	private final KeyHolder key = KeyHolder.memberOf(this.tenant.projectId);

	private final ImsClient ims = this.key.client(ImsClient.newBuilder());

	@BeforeAll
	static void serve() throws IOException {
		imported = new ImportedImages(directory);
		received = Files.createDirectories(directory.resolve("bucket"));
		Path tls = TestStack.get().dataDir().resolve("tls");
		bucket = FileServer.startHttps(tls.resolve("server.crt"), tls.resolve("server.key")).receive("/obs/", received);
	}

	@AfterAll
	static void stopServing() {
		bucket.close();
		imported.close();
	}

	@Test
	void copiesAnImageInTheRegionSharingItsFile() throws IOException {
		String source = imported.activeImage(this.tenant, "sdk-source");

		String jobId = this.ims.copyImageInRegion(new CopyImageInRegionRequest().withImageId(source)
			.withBody(new CopyImageInRegionRequestBody().withName("sdk-copy")
				.withDescription("copied by the SDK")
				.withEnterpriseProjectId("0")))
			.getJobId();

		ShowJobResponse job = awaitEnd(jobId);
		assertThat(job.getStatus()).isEqualTo(ShowJobResponse.StatusEnum.SUCCESS);
		assertThat(job.getJobType()).isEqualTo("imsCopyImageJob");
		assertThat(job.getEntities().getProcessPercent()).isEqualTo(1.0);
		String copy = job.getEntities().getImageId();
		ImageInfo listed = this.ims.listImages(new ListImagesRequest().withId(copy)).getImages().get(0);
		assertThat(listed.getName()).isEqualTo("sdk-copy");
		assertThat(listed.getDescription()).isEqualTo("copied by the SDK");
		assertThat(listed.getStatus()).isEqualTo(ImageInfo.StatusEnum.ACTIVE);
		assertThat(listed.getImagetype()).isEqualTo(ImageInfo.ImagetypeEnum.PRIVATE);
		assertThat(listed.getDataOrigin()).isEqualTo("image," + source);
		assertThat(Files.isSameFile(storedFile(copy), storedFile(source))).isTrue();

		ClientRequestException encrypted = catchThrowableOfType(ClientRequestException.class,
				() -> this.ims.copyImageInRegion(new CopyImageInRegionRequest().withImageId(source)
					.withBody(new CopyImageInRegionRequestBody().withName("sdk-sealed").withCmkId("kms-key-1"))));
		assertThat(encrypted.getHttpStatusCode()).isEqualTo(400);
		assertThat(encrypted.getErrorCode()).isEqualTo("IMG.0009");
		assertThat(encrypted.getErrorMsg()).contains("cmk_id");
	}

	@Test
	void exportsAnImageToAPresignedUrlAndToTheImageStore() throws IOException {
		String image = imported.activeImage(this.tenant, "sdk-export");
		String url = bucket.url("/obs/" + image + ".vhd") + "?AccessKeyId=ak&Expires=1&Signature=sig";

		ShowJobResponse toBucket = awaitEnd(this.ims.exportImage(new ExportImageRequest().withImageId(image)
			.withBody(new ExportImageRequestBody().withFileFormat(FileFormatEnum.VHD).withBucketUrl(url)))
			.getJobId());
		ShowJobResponse kept = awaitEnd(this.ims.exportImage(new ExportImageRequest().withImageId(image)
			.withBody(new ExportImageRequestBody().withFileFormat(FileFormatEnum.QCOW2)))
			.getJobId());
		ShowJobResponse quick = awaitEnd(this.ims.exportImage(new ExportImageRequest().withImageId(image)
			.withBody(new ExportImageRequestBody().withIsQuickExport(true)))
			.getJobId());

		assertThat(List.of(toBucket, kept, quick)).extracting(ShowJobResponse::getStatus, ShowJobResponse::getJobType)
			.containsOnly(org.assertj.core.groups.Tuple.tuple(ShowJobResponse.StatusEnum.SUCCESS, "imsExportImageJob"));
		assertThat(List.of(toBucket, kept, quick)).extracting((job) -> job.getEntities().getImageId()).containsOnly(image);
		assertThat(DiskImages.sameContent(received.resolve(image + ".vhd"), "vpc", imported.source(), "raw")).isTrue();
		Map<String, Object> export = entities(this.tenant.json(
				this.tenant.get("/v1/" + this.tenant.projectId + "/jobs/" + kept.getJobId()), HttpStatus.OK));
		Path file = Files.write(this.downloads.resolve("kept.qcow2"),
				ImportedImages.body(this.tenant.get((String) export.get("export_path"))));
		assertThat(DiskImages.sameContent(file, "qcow2", imported.source(), "raw")).isTrue();
		Map<String, Object> quickExport = entities(this.tenant.json(
				this.tenant.get("/v1/" + this.tenant.projectId + "/jobs/" + quick.getJobId()), HttpStatus.OK));
		assertThat(quickExport).containsEntry("file_format", "vmdk");

		ClientRequestException zvhd = catchThrowableOfType(ClientRequestException.class,
				() -> this.ims.exportImage(new ExportImageRequest().withImageId(image)
					.withBody(new ExportImageRequestBody().withFileFormat(FileFormatEnum.ZVHD))));
		assertThat(zvhd.getHttpStatusCode()).isEqualTo(400);
		assertThat(zvhd.getErrorCode()).isEqualTo("IMG.0620");
		ClientRequestException obs = catchThrowableOfType(ClientRequestException.class,
				() -> this.ims.exportImage(new ExportImageRequest().withImageId(image)
					.withBody(new ExportImageRequestBody().withFileFormat(FileFormatEnum.QCOW2)
						.withBucketUrl("my-bucket:disk.qcow2"))));
		assertThat(obs.getHttpStatusCode()).isEqualTo(400);
		assertThat(obs.getErrorCode()).isEqualTo("IMG.0426");
	}

	private ShowJobResponse awaitEnd(String jobId) {
		return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
			.until(() -> this.ims.showJob(new ShowJobRequest().withJobId(jobId)),
					(job) -> List.of(ShowJobResponse.StatusEnum.SUCCESS, ShowJobResponse.StatusEnum.FAIL)
						.contains(job.getStatus()));
	}

}
