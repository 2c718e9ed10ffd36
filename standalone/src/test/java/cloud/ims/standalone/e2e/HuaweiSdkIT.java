package cloud.ims.standalone.e2e;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;

import com.huaweicloud.sdk.ecs.v2.EcsClient;
import com.huaweicloud.sdk.ecs.v2.model.CreatePostPaidServersRequest;
import com.huaweicloud.sdk.ecs.v2.model.CreatePostPaidServersRequestBody;
import com.huaweicloud.sdk.ecs.v2.model.CreatePostPaidServersResponse;
import com.huaweicloud.sdk.ecs.v2.model.Flavor;
import com.huaweicloud.sdk.ecs.v2.model.ListFlavorsRequest;
import com.huaweicloud.sdk.ecs.v2.model.ListServersDetailsRequest;
import com.huaweicloud.sdk.ecs.v2.model.ListServersDetailsResponse;
import com.huaweicloud.sdk.ecs.v2.model.PostPaidServer;
import com.huaweicloud.sdk.ecs.v2.model.PostPaidServerNic;
import com.huaweicloud.sdk.ecs.v2.model.PostPaidServerRootVolume;
import com.huaweicloud.sdk.ecs.v2.model.ServerDetail;
import com.huaweicloud.sdk.ecs.v2.model.ShowJobRequest;
import com.huaweicloud.sdk.ecs.v2.model.ShowJobResponse;
import com.huaweicloud.sdk.ecs.v2.model.ShowServerRequest;
import com.huaweicloud.sdk.ecs.v2.model.SubJob;
import com.huaweicloud.sdk.ims.v2.ImsClient;
import com.huaweicloud.sdk.ims.v2.model.CreateImageRequest;
import com.huaweicloud.sdk.ims.v2.model.CreateImageRequestBody;
import com.huaweicloud.sdk.ims.v2.model.ImageInfo;
import com.huaweicloud.sdk.ims.v2.model.ListImagesRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Both flows driven by the official Huawei Cloud Java SDK ({@code EcsClient}, {@code ImsClient}) instead of raw
 * HTTP: every answer has to parse in the SDK's strict models, which is what users of that ecosystem rely on.
 */
class HuaweiSdkIT {

	private static final String PROJECT_ID = "p-" + UUID.randomUUID().toString().substring(0, 8);

	/** A member of the project with an access key: the clients sign with the SDK's own BasicCredentials. */
	private static final KeyHolder KEY = KeyHolder.memberOf(PROJECT_ID);

	private final EcsClient ecs = KEY.client(EcsClient.newBuilder());

	private final ImsClient ims = KEY.client(ImsClient.newBuilder());

	@Test
	void listsTheConfiguredFlavorsThroughTheOfficialSdk() {
		List<Flavor> flavors = this.ecs.listFlavors(new ListFlavorsRequest()).getFlavors();

		assertThat(flavors).extracting(Flavor::getId)
			.contains("s6.small.1", "s6.medium.2", "s6.large.2", "s6.xlarge.2", "c6.2xlarge.4");
		assertThat(flavors).filteredOn((flavor) -> flavor.getId().equals("s6.small.1"))
			.singleElement()
			.satisfies((flavor) -> {
				assertThat(flavor.getName()).isEqualTo("s6.small.1");
				assertThat(flavor.getVcpus()).isEqualTo("1");
				assertThat(flavor.getRam()).isEqualTo(1024);
				assertThat(flavor.getDisk()).isEqualTo("10");
			});
	}

	@Test
	void listsThePublicBaseImageThroughTheOfficialSdk() {
		ImageInfo base = baseImage();

		assertThat(base.getStatus()).isEqualTo(ImageInfo.StatusEnum.ACTIVE);
		assertThat(base.getImagetype()).isEqualTo(ImageInfo.ImagetypeEnum.GOLD);
		assertThat(base.getVisibility()).isEqualTo(ImageInfo.VisibilityEnum.PUBLIC);
		assertThat(base.getOsBit()).isEqualTo(ImageInfo.OsBitEnum._64);
	}

	@Test
	void createsServersAndCapturesAnImageThroughTheOfficialSdk() {
		CreatePostPaidServersResponse accepted = this.ecs
			.createPostPaidServers(new CreatePostPaidServersRequest().withBody(new CreatePostPaidServersRequestBody()
				.withServer(new PostPaidServer().withImageRef(baseImage().getId())
					.withFlavorRef("s6.small.1")
					.withName("sdk-web")
					.withCount(2)
					.withVpcid("vpc-sdk")
					.withNics(List.of(new PostPaidServerNic().withSubnetId("subnet-sdk")))
					.withRootVolume(new PostPaidServerRootVolume()
						.withVolumetype(PostPaidServerRootVolume.VolumetypeEnum.SSD)))));
		assertThat(accepted.getJobId()).isNotBlank();
		List<String> serverIds = accepted.getServerIds();
		assertThat(serverIds).hasSize(2);

		ShowJobResponse serverJob = awaitEnd(
				() -> this.ecs.showJob(new ShowJobRequest().withJobId(accepted.getJobId())),
				(job) -> List.of(ShowJobResponse.StatusEnum.SUCCESS, ShowJobResponse.StatusEnum.FAIL)
					.contains(job.getStatus()));
		assertThat(serverJob.getStatus()).isEqualTo(ShowJobResponse.StatusEnum.SUCCESS);
		assertThat(serverJob.getJobType()).isEqualTo("createServer");
		assertThat(serverJob.getEntities().getSubJobsTotal()).isEqualTo(2);
		assertThat(serverJob.getEntities().getSubJobs()).extracting(SubJob::getStatus)
			.containsOnly(SubJob.StatusEnum.SUCCESS);
		assertThat(serverJob.getEntities().getSubJobs()).extracting((subJob) -> subJob.getEntities().getServerId())
			.containsExactlyInAnyOrderElementsOf(serverIds);

		ListServersDetailsResponse listed = this.ecs
			.listServersDetails(new ListServersDetailsRequest().withName("sdk-web").withLimit(10));
		assertThat(listed.getCount()).isEqualTo(2);
		assertThat(listed.getServers()).extracting(ServerDetail::getName)
			.containsExactlyInAnyOrder("sdk-web-0001", "sdk-web-0002");
		assertThat(listed.getServers()).extracting(ServerDetail::getStatus).containsOnly("ACTIVE");
		ServerDetail server = this.ecs.showServer(new ShowServerRequest().withServerId(serverIds.get(0))).getServer();
		assertThat(server.getId()).isEqualTo(serverIds.get(0));
		assertThat(server.getStatus()).isEqualTo("ACTIVE");
		assertThat(server.getFlavor().getId()).isEqualTo("s6.small.1");
		assertThat(server.getFlavor().getRam()).isEqualTo("1024");
		assertThat(server.getTenantId()).isEqualTo(PROJECT_ID);

		String imageJobId = this.ims
			.createImage(new CreateImageRequest().withBody(new CreateImageRequestBody().withName("sdk golden")
				.withInstanceId(serverIds.get(0))
				.withDescription("captured through the official SDK")))
			.getJobId();
		assertThat(imageJobId).isNotBlank();
		com.huaweicloud.sdk.ims.v2.model.ShowJobResponse imageJob = awaitEnd(
				() -> this.ims.showJob(new com.huaweicloud.sdk.ims.v2.model.ShowJobRequest().withJobId(imageJobId)),
				(job) -> List.of(com.huaweicloud.sdk.ims.v2.model.ShowJobResponse.StatusEnum.SUCCESS,
						com.huaweicloud.sdk.ims.v2.model.ShowJobResponse.StatusEnum.FAIL)
					.contains(job.getStatus()));
		assertThat(imageJob.getStatus()).isEqualTo(com.huaweicloud.sdk.ims.v2.model.ShowJobResponse.StatusEnum.SUCCESS);
		assertThat(imageJob.getJobType()).isEqualTo("imsCreateImageByInstance");
		String imageId = imageJob.getEntities().getImageId();
		assertThat(imageId).isNotBlank();

		List<ImageInfo> captured = this.ims.listImages(new ListImagesRequest().withName("sdk golden")).getImages();
		assertThat(captured).singleElement().satisfies((image) -> {
			assertThat(image.getId()).isEqualTo(imageId);
			assertThat(image.getStatus()).isEqualTo(ImageInfo.StatusEnum.ACTIVE);
			assertThat(image.getImagetype()).isEqualTo(ImageInfo.ImagetypeEnum.PRIVATE);
			assertThat(image.getVisibility()).isEqualTo(ImageInfo.VisibilityEnum.PRIVATE);
			assertThat(image.getOwner()).isEqualTo(PROJECT_ID);
			assertThat(image.getDataOrigin()).isEqualTo("instance," + serverIds.get(0));
			assertThat(image.getDescription()).isEqualTo("captured through the official SDK");
		});
		assertThat(this.ims.listImages(new ListImagesRequest().withImagetype(ListImagesRequest.ImagetypeEnum.PRIVATE))
			.getImages()).extracting(ImageInfo::getId).containsExactly(imageId);
	}

	private ImageInfo baseImage() {
		List<ImageInfo> images = this.ims
			.listImages(new ListImagesRequest().withName("ims-base-linux")
				.withImagetype(ListImagesRequest.ImagetypeEnum.GOLD))
			.getImages();
		assertThat(images).hasSize(1);
		return images.get(0);
	}

	private static <T> T awaitEnd(Supplier<T> poll, Predicate<T> ended) {
		return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(poll::get, ended);
	}

}
