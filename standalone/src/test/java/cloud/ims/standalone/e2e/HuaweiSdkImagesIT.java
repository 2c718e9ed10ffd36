package cloud.ims.standalone.e2e;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageData;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.image.ImageStatus;
import cloud.ims.core.image.Visibility;
import com.huaweicloud.sdk.core.exception.ClientRequestException;
import com.huaweicloud.sdk.ecs.v2.EcsClient;
import com.huaweicloud.sdk.ecs.v2.model.CreatePostPaidServersRequest;
import com.huaweicloud.sdk.ecs.v2.model.CreatePostPaidServersRequestBody;
import com.huaweicloud.sdk.ecs.v2.model.CreatePostPaidServersResponse;
import com.huaweicloud.sdk.ecs.v2.model.PostPaidServer;
import com.huaweicloud.sdk.ecs.v2.model.PostPaidServerRootVolume;
import com.huaweicloud.sdk.ims.v2.ImsClient;
import com.huaweicloud.sdk.ims.v2.model.CreateImageRequest;
import com.huaweicloud.sdk.ims.v2.model.CreateImageRequestBody;
import com.huaweicloud.sdk.ims.v2.model.GlanceCreateTagRequest;
import com.huaweicloud.sdk.ims.v2.model.GlanceDeleteImageRequest;
import com.huaweicloud.sdk.ims.v2.model.GlanceDeleteTagRequest;
import com.huaweicloud.sdk.ims.v2.model.GlanceListImagesRequest;
import com.huaweicloud.sdk.ims.v2.model.GlanceListImagesResponse;
import com.huaweicloud.sdk.ims.v2.model.GlanceShowImageListResponseBody;
import com.huaweicloud.sdk.ims.v2.model.GlanceShowImageRequest;
import com.huaweicloud.sdk.ims.v2.model.GlanceShowImageResponse;
import com.huaweicloud.sdk.ims.v2.model.GlanceUpdateImageRequest;
import com.huaweicloud.sdk.ims.v2.model.GlanceUpdateImageRequestBody;
import com.huaweicloud.sdk.ims.v2.model.GlanceUpdateImageResponse;
import com.huaweicloud.sdk.ims.v2.model.ImageInfo;
import com.huaweicloud.sdk.ims.v2.model.ListImagesRequest;
import com.huaweicloud.sdk.ims.v2.model.ListOsVersionsRequest;
import com.huaweicloud.sdk.ims.v2.model.ListOsVersionsResponseBody;
import com.huaweicloud.sdk.ims.v2.model.OsVersionInfo;
import com.huaweicloud.sdk.ims.v2.model.QuotaInfo;
import com.huaweicloud.sdk.ims.v2.model.ShowImageQuotaRequest;
import com.huaweicloud.sdk.ims.v2.model.ShowJobRequest;
import com.huaweicloud.sdk.ims.v2.model.ShowJobResponse;
import com.huaweicloud.sdk.ims.v2.model.UpdateImageRequest;
import com.huaweicloud.sdk.ims.v2.model.UpdateImageRequestBody;
import com.huaweicloud.sdk.ims.v2.model.UpdateImageResponse;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The image catalogue driven by the official Huawei Cloud SDK's {@code ImsClient}: list filters, sorting and paging,
 * edits with the SDK's string-typed patch values, quota, OS versions and the SDK's Glance operations. Every answer
 * has to parse in the SDK's strict models, in the Huawei dialect also for images whose virtual size is beyond 2 GiB.
 * The SDK's Glance models type {@code virtual_size} as a 32-bit {@code Integer} while the Glance dialect reports it
 * exactly (API.md), so the Glance operations here use an image of 1 GiB.
 */
class HuaweiSdkImagesIT {

	private static final long GIB = 1L << 30;

	private static final DateTimeFormatter HUAWEI_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
		.withZone(ZoneOffset.UTC);

	private final Tenant tenant = Tenant.newProject();

	/** A member of the tenant's project with an access key: the clients sign with the SDK's own BasicCredentials. */
	private final KeyHolder key = KeyHolder.memberOf(this.tenant.projectId);

	private final ImsClient ims = this.key.client(ImsClient.newBuilder());

	@Test
	void filtersTheProjectsImagesByTheSdksListParameters() {
		Instant now = Instant.now();
		Image linux = store(image("sdk-linux").createdAt(now.minus(2, ChronoUnit.HOURS)));
		Image windows = store(image("sdk-windows").osType("Windows")
			.platform("Windows")
			.osVersion("Windows Server 2022 Datacenter 64bit")
			.isProtected(true)
			.minDisk(40)
			.tags("blue")
			.createdAt(now.minus(1, ChronoUnit.HOURS)));
		Image queued = store(image("sdk-queued").status(ImageStatus.QUEUED).data(null).createdAt(now));

		assertThat(ids(list(privateImages()))).containsExactlyInAnyOrder(id(linux), id(windows), id(queued));
		List<ImageInfo> gold = list(new ListImagesRequest().withImagetype(ListImagesRequest.ImagetypeEnum.GOLD));
		assertThat(gold).extracting(ImageInfo::getName).contains("ims-base-linux");
		assertThat(gold).extracting(ImageInfo::getImagetype).containsOnly(ImageInfo.ImagetypeEnum.GOLD);
		assertThat(gold).extracting(ImageInfo::getOwner).doesNotContain(this.tenant.projectId);
		assertThat(ids(list(privateImages().withOsType(ListImagesRequest.OsTypeEnum.WINDOWS))))
			.containsExactly(id(windows));
		assertThat(ids(list(new ListImagesRequest().withName("sdk-linux")))).containsExactly(id(linux));
		assertThat(ids(list(privateImages().withProtected(true)))).containsExactly(id(windows));
		assertThat(ids(list(privateImages().withProtected(false)))).containsExactlyInAnyOrder(id(linux), id(queued));
		assertThat(ids(list(privateImages().withMinDisk(40)))).containsExactly(id(windows));
		assertThat(list(privateImages().withStatus(ListImagesRequest.StatusEnum.QUEUED)))
			.extracting(ImageInfo::getId, ImageInfo::getStatus)
			.containsExactly(tuple(id(queued), ImageInfo.StatusEnum.QUEUED));
		assertThat(ids(list(privateImages().withTag("blue")))).containsExactly(id(windows));
		assertThat(ids(list(privateImages().withCreatedAt("gt:" + iso(now.minus(90, ChronoUnit.MINUTES))))))
			.containsExactlyInAnyOrder(id(windows), id(queued));
		assertThat(ids(list(privateImages().withCreatedAt("lte:" + huawei(now.minus(90, ChronoUnit.MINUTES))))))
			.containsExactly(id(linux));
	}

	@Test
	void reportsEveryFieldOfAnImageBeyondTwoGibibytesInTheSdksTypes() {
		Image fixture = store(image("sdk-fields").isProtected(true).minDisk(20).maxRam(4096).tags("a", "b"));

		ImageInfo listed = single(list(new ListImagesRequest().withId(id(fixture))));

		assertThat(listed.getName()).isEqualTo("sdk-fields");
		assertThat(listed.getStatus()).isEqualTo(ImageInfo.StatusEnum.ACTIVE);
		assertThat(listed.getVisibility()).isEqualTo(ImageInfo.VisibilityEnum.PRIVATE);
		assertThat(listed.getImagetype()).isEqualTo(ImageInfo.ImagetypeEnum.PRIVATE);
		assertThat(listed.getOwner()).isEqualTo(this.tenant.projectId);
		assertThat(listed.getProtected()).isTrue();
		assertThat(listed.getTags()).containsExactlyInAnyOrder("a", "b");
		assertThat(listed.getMinDisk()).isEqualTo(20);
		assertThat(listed.getMinRam()).isZero();
		assertThat(listed.getMaxRam()).isEqualTo("4096");
		assertThat(listed.getDiskFormat()).isEqualTo("vmdk");
		assertThat(listed.getContainerFormat()).isEqualTo("bare");
		assertThat(listed.getOsType()).isEqualTo(ImageInfo.OsTypeEnum.LINUX);
		assertThat(listed.getOsBit()).isEqualTo(ImageInfo.OsBitEnum._64);
		assertThat(listed.getPlatform()).isEqualTo(ImageInfo.PlatformEnum.UBUNTU);
		assertThat(listed.getOsVersion()).isEqualTo("Ubuntu 24.04 server 64bit");
		assertThat(listed.getIsregistered()).isEqualTo(ImageInfo.IsregisteredEnum.TRUE);
		assertThat(listed.getDataOrigin()).isEqualTo("file,fixture");
		assertThat(listed.getChecksum()).isEqualTo("0".repeat(32));
		assertThat(listed.getCreatedAt()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
		assertThat(listed.getSelf()).isEqualTo("/v2/images/" + id(fixture));
		assertThat(listed.getFile()).isEqualTo("/v2/images/" + id(fixture) + "/file");
		assertThat(listed.getImageSize()).isEqualTo("1024");
		assertThat(listed.getSize()).isEqualTo(1024);
		assertThat(listed.getVirtualSize()).as("10 GiB does not fit the SDK's Integer").isNull();
	}

	@Test
	void sortsByNameAndByTheStatusKeyTheSdkSendsWithATrailingSpace() {
		store(image("sdk-b").status(ImageStatus.KILLED).data(null));
		store(image("sdk-c"));
		store(image("sdk-a").status(ImageStatus.QUEUED).data(null));
		store(image("sdk-d").status(ImageStatus.SAVING).data(null));

		assertThat(list(privateImages().withSortKey(ListImagesRequest.SortKeyEnum.NAME)
			.withSortDir(ListImagesRequest.SortDirEnum.ASC))).extracting(ImageInfo::getName)
			.containsExactly("sdk-a", "sdk-b", "sdk-c", "sdk-d");
		assertThat(list(privateImages().withSortKey(ListImagesRequest.SortKeyEnum.NAME)
			.withSortDir(ListImagesRequest.SortDirEnum.DESC))).extracting(ImageInfo::getName)
			.containsExactly("sdk-d", "sdk-c", "sdk-b", "sdk-a");
		assertThat(ListImagesRequest.SortKeyEnum.STATUS_.getValue()).isEqualTo("status ");
		assertThat(list(privateImages().withSortKey(ListImagesRequest.SortKeyEnum.STATUS_)
			.withSortDir(ListImagesRequest.SortDirEnum.ASC))).extracting((image) -> image.getStatus().getValue())
			.containsExactly("active", "killed", "queued", "saving");
		assertThat(list(privateImages().withSortKey(ListImagesRequest.SortKeyEnum.STATUS_)
			.withSortDir(ListImagesRequest.SortDirEnum.DESC))).extracting((image) -> image.getStatus().getValue())
			.containsExactly("saving", "queued", "killed", "active");
	}

	@Test
	void pagesWithLimitAndMarkerSeeingEveryImageOnce() {
		Instant start = Instant.now().minus(1, ChronoUnit.HOURS);
		List<String> stored = IntStream.range(0, 23)
			.mapToObj((i) -> id(store(image("sdk-page-" + (char) ('a' + (i * 7) % 23)).createdAt(start.plusSeconds(i)))))
			.toList();

		List<ImageInfo> byCreation = pages(privateImages());
		List<ImageInfo> byName = pages(privateImages().withSortKey(ListImagesRequest.SortKeyEnum.NAME)
			.withSortDir(ListImagesRequest.SortDirEnum.ASC));

		List<String> newestFirst = new ArrayList<>(stored);
		Collections.reverse(newestFirst);
		assertThat(ids(byCreation)).containsExactlyElementsOf(newestFirst);
		assertThat(ids(byName)).hasSize(23).containsExactlyInAnyOrderElementsOf(stored);
		assertThat(byName).extracting(ImageInfo::getName).isSortedAccordingTo(Comparator.naturalOrder());
	}

	@Test
	void updatesAnImageWithTheSdksStringTypedValues() {
		Image fixture = store(image("sdk-editable"));

		UpdateImageResponse updated = this.ims.updateImage(new UpdateImageRequest().withImageId(id(fixture))
			.withBody(List.of(patch(UpdateImageRequestBody.OpEnum.REPLACE, "/min_disk", "50"),
					patch(UpdateImageRequestBody.OpEnum.REPLACE, "/min_ram", "2048"),
					patch(UpdateImageRequestBody.OpEnum.REPLACE, "/protected", "true"),
					patch(UpdateImageRequestBody.OpEnum.REPLACE, "/name", "sdk-renamed"),
					patch(UpdateImageRequestBody.OpEnum.ADD, "/__description", "edited through the SDK"),
					patch(UpdateImageRequestBody.OpEnum.ADD, "/cost_center", "42"))));

		assertThat(updated.getHttpStatusCode()).isEqualTo(200);
		assertThat(updated.getId()).isEqualTo(id(fixture));
		assertThat(updated.getName()).isEqualTo("sdk-renamed");
		assertThat(updated.getMinDisk()).isEqualTo(50);
		assertThat(updated.getMinRam()).isEqualTo(2048);
		assertThat(updated.getProtected()).isTrue();
		assertThat(updated.getDescription()).isEqualTo("edited through the SDK");
		assertThat(updated.getStatus()).isEqualTo(UpdateImageResponse.StatusEnum.ACTIVE);
		assertThat(updated.getOsBit()).isEqualTo(UpdateImageResponse.OsBitEnum._64);
		assertThat(updated.getImageSize()).isEqualTo("1024");
		assertThat(updated.getVirtualSize()).isNull();
		ImageInfo listed = single(list(new ListImagesRequest().withName("sdk-renamed")));
		assertThat(listed.getMinDisk()).isEqualTo(50);
		assertThat(listed.getProtected()).isTrue();

		UpdateImageResponse unprotected = this.ims.updateImage(new UpdateImageRequest().withImageId(id(fixture))
			.withBody(List.of(patch(UpdateImageRequestBody.OpEnum.REPLACE, "/protected", "false"),
					patch(UpdateImageRequestBody.OpEnum.REMOVE, "/__description", null))));
		assertThat(unprotected.getProtected()).isFalse();
		assertThat(unprotected.getDescription()).isNull();

		ClientRequestException invalid = catchThrowableOfType(ClientRequestException.class,
				() -> this.ims.updateImage(new UpdateImageRequest().withImageId(id(fixture))
					.withBody(List.of(patch(UpdateImageRequestBody.OpEnum.REPLACE, "/min_disk", "fifty")))));
		assertThat(invalid.getHttpStatusCode()).isEqualTo(400);
		assertThat(invalid.getErrorCode()).isNotBlank();
		assertThat(invalid.getErrorMsg()).contains("min_disk");
	}

	@Test
	void showsAFreshProjectsImageQuota() {
		List<QuotaInfo> resources = this.ims.showImageQuota(new ShowImageQuotaRequest()).getQuotas().getResources();

		assertThat(resources).singleElement().satisfies((quota) -> {
			assertThat(quota.getType()).isEqualTo("image");
			assertThat(quota.getUsed()).isZero();
			assertThat(quota.getQuota()).isEqualTo(100);
		});
	}

	@Test
	void listsTheSupportedOsVersions() {
		List<ListOsVersionsResponseBody> platforms = this.ims.listOsVersions(new ListOsVersionsRequest()).getBody();

		assertThat(platforms).extracting(ListOsVersionsResponseBody::getPlatform).contains("Ubuntu");
		assertThat(platforms).filteredOn((platform) -> platform.getPlatform().equals("Ubuntu"))
			.singleElement()
			.satisfies((ubuntu) -> assertThat(ubuntu.getVersionList()).extracting(OsVersionInfo::getOsVersion)
				.contains("Ubuntu 24.04 server 64bit"));
		assertThat(platforms).flatExtracting(ListOsVersionsResponseBody::getVersionList)
			.filteredOn((version) -> "Ubuntu 24.04 server 64bit".equals(version.getOsVersion()))
			.singleElement()
			.satisfies((version) -> {
				assertThat(version.getOsBit()).isEqualTo(64);
				assertThat(version.getOsType()).isEqualTo("Linux");
				assertThat(version.getPlatform()).isEqualTo("Ubuntu");
			});
	}

	@Test
	void managesAnImageThroughTheSdksGlanceOperations() {
		Image fixture = store(image("sdk-glance").data(new ImageData("qcow2", 4096, GIB, "1".repeat(32),
				"2".repeat(64))));
		String id = id(fixture);

		GlanceListImagesResponse listed = this.ims
			.glanceListImages(new GlanceListImagesRequest().withOwner(this.tenant.projectId).withLimit(10));
		assertThat(listed.getImages()).extracting(GlanceShowImageListResponseBody::getId).containsExactly(id);
		assertThat(listed.getImages()).singleElement().satisfies((image) -> {
			assertThat(image.getSize()).isEqualTo(4096L);
			assertThat(image.getVirtualSize()).isEqualTo((int) GIB);
			assertThat(image.getDiskFormat()).isEqualTo(GlanceShowImageListResponseBody.DiskFormatEnum.QCOW2);
		});
		assertThat(listed.getSchema()).isEqualTo("/v2/schemas/images");
		assertThat(this.ims.glanceListImages(new GlanceListImagesRequest().withName("sdk-glance")).getImages())
			.extracting(GlanceShowImageListResponseBody::getId)
			.containsExactly(id);

		GlanceShowImageResponse shown = this.ims.glanceShowImage(new GlanceShowImageRequest().withImageId(id));
		assertThat(shown.getName()).isEqualTo("sdk-glance");
		assertThat(shown.getStatus()).isEqualTo(GlanceShowImageResponse.StatusEnum.ACTIVE);
		assertThat(shown.getVisibility()).isEqualTo(GlanceShowImageResponse.VisibilityEnum.PRIVATE);
		assertThat(shown.getProtected()).isFalse();
		assertThat(shown.getOsBit()).isEqualTo(GlanceShowImageResponse.OsBitEnum._64);
		assertThat(shown.getImageSize()).isEqualTo("4096");
		assertThat(shown.getChecksum()).isEqualTo("1".repeat(32));

		GlanceUpdateImageResponse renamed = this.ims.glanceUpdateImage(new GlanceUpdateImageRequest().withImageId(id)
			.withBody(List.of(new GlanceUpdateImageRequestBody().withOp(GlanceUpdateImageRequestBody.OpEnum.REPLACE)
				.withPath("/name")
				.withValue("sdk-glance-renamed"),
					new GlanceUpdateImageRequestBody().withOp(GlanceUpdateImageRequestBody.OpEnum.ADD)
						.withPath("/__description")
						.withValue("through the Glance media type"))));
		assertThat(renamed.getName()).isEqualTo("sdk-glance-renamed");
		assertThat(renamed.getDescription()).isEqualTo("through the Glance media type");

		assertThat(this.ims.glanceCreateTag(new GlanceCreateTagRequest().withImageId(id).withTag("green"))
			.getHttpStatusCode()).isEqualTo(204);
		assertThat(this.ims.glanceCreateTag(new GlanceCreateTagRequest().withImageId(id).withTag("green"))
			.getHttpStatusCode()).isEqualTo(204);
		assertThat(this.ims.glanceShowImage(new GlanceShowImageRequest().withImageId(id)).getTags())
			.containsExactly("green");
		assertThat(single(list(new ListImagesRequest().withTag("green"))).getId()).isEqualTo(id);
		assertThat(this.ims.glanceDeleteTag(new GlanceDeleteTagRequest().withImageId(id).withTag("green"))
			.getHttpStatusCode()).isEqualTo(204);
		assertThat(this.ims.glanceShowImage(new GlanceShowImageRequest().withImageId(id)).getTags()).isEmpty();

		assertThat(this.ims.glanceDeleteImage(new GlanceDeleteImageRequest().withImageId(id)).getHttpStatusCode())
			.isEqualTo(204);
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			ClientRequestException gone = catchThrowableOfType(ClientRequestException.class,
					() -> this.ims.glanceShowImage(new GlanceShowImageRequest().withImageId(id)));
			assertThat(gone).isNotNull();
			assertThat(gone.getHttpStatusCode()).isEqualTo(404);
		});
		assertThat(list(new ListImagesRequest().withId(id))).isEmpty();
	}

	@Test
	void capturesAFortyGigabyteEcsWhoseImageTheSdkListsAndUpdates() {
		EcsClient ecs = this.key.client(EcsClient.newBuilder());
		String baseImageId = single(list(new ListImagesRequest().withName("ims-base-linux")
			.withImagetype(ListImagesRequest.ImagetypeEnum.GOLD))).getId();
		CreatePostPaidServersResponse accepted = ecs
			.createPostPaidServers(new CreatePostPaidServersRequest().withBody(new CreatePostPaidServersRequestBody()
				.withServer(new PostPaidServer().withImageRef(baseImageId)
					.withFlavorRef("s6.small.1")
					.withName("sdk-forty")
					.withVpcid("vpc-sdk")
					.withRootVolume(new PostPaidServerRootVolume().withSize(40)))));
		Map<String, Object> serverJob = this.tenant.awaitJob(accepted.getJobId());
		assertThat(serverJob).containsEntry("status", "SUCCESS");

		String jobId = this.ims
			.createImage(new CreateImageRequest().withBody(new CreateImageRequestBody().withName("sdk-forty-image")
				.withInstanceId(accepted.getServerIds().get(0))))
			.getJobId();
		ShowJobResponse imageJob = awaitEnd(() -> this.ims.showJob(new ShowJobRequest().withJobId(jobId)),
				(job) -> List.of(ShowJobResponse.StatusEnum.SUCCESS, ShowJobResponse.StatusEnum.FAIL)
					.contains(job.getStatus()));
		assertThat(imageJob.getStatus()).isEqualTo(ShowJobResponse.StatusEnum.SUCCESS);
		String imageId = imageJob.getEntities().getImageId();

		ImageInfo captured = single(list(new ListImagesRequest().withId(imageId)));
		assertThat(captured.getName()).isEqualTo("sdk-forty-image");
		assertThat(captured.getMinDisk()).isEqualTo(40);
		assertThat(captured.getVirtualSize()).as("40 GiB does not fit the SDK's Integer").isNull();
		assertThat(captured.getImageSize()).isNotBlank();
		long imageSize = Long.parseLong(captured.getImageSize());
		assertThat(imageSize).isPositive().isLessThan(Integer.MAX_VALUE);
		assertThat(captured.getSize()).isEqualTo((int) imageSize);
		assertThat(captured.getDataOrigin()).isEqualTo("instance," + accepted.getServerIds().get(0));
		assertThat(ids(list(privateImages()))).containsExactly(imageId);
		assertThat(this.tenant.json(this.tenant.get("/v2/images/" + imageId), HttpStatus.OK))
			.containsEntry("virtual_size", 40 * GIB);

		UpdateImageResponse updated = this.ims.updateImage(new UpdateImageRequest().withImageId(imageId)
			.withBody(List.of(patch(UpdateImageRequestBody.OpEnum.REPLACE, "/name", "sdk-forty-renamed"),
					patch(UpdateImageRequestBody.OpEnum.REPLACE, "/min_disk", "60"))));
		assertThat(updated.getName()).isEqualTo("sdk-forty-renamed");
		assertThat(updated.getMinDisk()).isEqualTo(60);
		assertThat(updated.getVirtualSize()).isNull();
		assertThat(updated.getImageSize()).isEqualTo(captured.getImageSize());

		assertThat(this.ims.showImageQuota(new ShowImageQuotaRequest()).getQuotas().getResources())
			.singleElement()
			.satisfies((quota) -> assertThat(quota.getUsed()).isEqualTo(1));
	}

	private ListImagesRequest privateImages() {
		return new ListImagesRequest().withImagetype(ListImagesRequest.ImagetypeEnum.PRIVATE);
	}

	private List<ImageInfo> list(ListImagesRequest request) {
		return this.ims.listImages(request).getImages();
	}

	/** Follows {@code marker} page by page; the SDK's response has no {@code next}, so a short page is the last. */
	private List<ImageInfo> pages(ListImagesRequest request) {
		int limit = 5;
		List<ImageInfo> seen = new ArrayList<>();
		String marker = null;
		List<ImageInfo> page;
		do {
			page = list(request.withLimit(limit).withMarker(marker));
			assertThat(page).hasSizeLessThanOrEqualTo(limit);
			seen.addAll(page);
			marker = page.isEmpty() ? null : page.get(page.size() - 1).getId();
		}
		while (page.size() == limit);
		assertThat(new HashSet<>(ids(seen))).hasSameSizeAs(seen);
		return seen;
	}

	private static UpdateImageRequestBody patch(UpdateImageRequestBody.OpEnum op, String path, String value) {
		return new UpdateImageRequestBody().withOp(op).withPath(path).withValue(value);
	}

	private static ImageInfo single(List<ImageInfo> images) {
		assertThat(images).hasSize(1);
		return images.get(0);
	}

	private static List<String> ids(List<ImageInfo> images) {
		return images.stream().map(ImageInfo::getId).toList();
	}

	private static String id(Image image) {
		return image.id().value();
	}

	private static String iso(Instant instant) {
		return instant.truncatedTo(ChronoUnit.SECONDS).toString();
	}

	private static String huawei(Instant instant) {
		return HUAWEI_TIME.format(instant);
	}

	private static <T> T awaitEnd(Supplier<T> poll, Predicate<T> ended) {
		return await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(poll::get, ended);
	}

	private FixtureImage image(String name) {
		return new FixtureImage(this.tenant.projectId, name);
	}

	private static Image store(FixtureImage image) {
		return ImageFixture.store(image.build());
	}

	/** An image of the tenant's project to record straight into the store, active with a 10 GiB virtual size. */
	private static final class FixtureImage {

		private final String owner;

		private final String name;

		private ImageStatus status = ImageStatus.ACTIVE;

		private String osType = "Linux";

		private String platform = "Ubuntu";

		private String osVersion = "Ubuntu 24.04 server 64bit";

		private boolean isProtected;

		private int minDisk = 10;

		private Integer maxRam;

		private List<String> tags = List.of();

		private ImageData data = new ImageData("vmdk", 1024, 10 * GIB, "0".repeat(32), "0".repeat(64));

		private Instant createdAt = Instant.now();

		FixtureImage(String owner, String name) {
			this.owner = owner;
			this.name = name;
		}

		FixtureImage status(ImageStatus status) {
			this.status = status;
			return this;
		}

		FixtureImage osType(String osType) {
			this.osType = osType;
			return this;
		}

		FixtureImage platform(String platform) {
			this.platform = platform;
			return this;
		}

		FixtureImage osVersion(String osVersion) {
			this.osVersion = osVersion;
			return this;
		}

		FixtureImage isProtected(boolean isProtected) {
			this.isProtected = isProtected;
			return this;
		}

		FixtureImage minDisk(int minDisk) {
			this.minDisk = minDisk;
			return this;
		}

		FixtureImage maxRam(int maxRam) {
			this.maxRam = maxRam;
			return this;
		}

		FixtureImage tags(String... tags) {
			this.tags = List.of(tags);
			return this;
		}

		FixtureImage data(ImageData data) {
			this.data = data;
			return this;
		}

		FixtureImage createdAt(Instant createdAt) {
			this.createdAt = createdAt;
			return this;
		}

		Image build() {
			return new Image(ImageId.newId(), this.name, this.status, Visibility.PRIVATE, this.owner, this.isProtected,
					this.tags, "bare", this.minDisk, 0, this.maxRam, this.data, this.osType, this.osVersion,
					this.platform, "64", null,
					(this.data != null) ? "file,fixture" : "upload", Map.of(), null, this.createdAt, this.createdAt, 0);
		}

	}

}
