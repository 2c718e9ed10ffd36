package cloud.ims.standalone.e2e;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageData;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.image.ImageStatus;
import cloud.ims.core.image.Visibility;
import com.huaweicloud.sdk.ims.v2.ImsClient;
import com.huaweicloud.sdk.ims.v2.model.GlanceListImagesRequest;
import com.huaweicloud.sdk.ims.v2.model.GlanceShowImageListResponseBody;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Glance's list parameters on the real stack: several sort keys in both of Glance's syntaxes, page by page;
 * {@code size_min} and {@code size_max}; the {@code in:} operator with quoted values; {@code os_hidden}; free-form
 * property filters (strict in the Huawei dialect); and every filter the Huawei SDK's GlanceListImagesRequest sends.
 */
class GlanceListIT {

	private static final String PATCH = "application/openstack-images-v2.1-json-patch";

	private static Tenant tenant;

	/** The project of the tests that hide and show images, so that the others' lists stay as seeded. */
	private static Tenant hiding;

	private static Image alpha;

	private static Image beta;

	private static Image gamma;

	private static Image delta;

	@BeforeAll
	static void seed() {
		tenant = Tenant.newProject();
		hiding = Tenant.newProject();
		Instant now = Instant.now();
		alpha = ImageFixture.store(image("gl-alpha", ImageStatus.ACTIVE, "raw", 1000L, "bare", now.minus(4, ChronoUnit.HOURS),
				Map.of("os_distro", "ubuntu")));
		beta = ImageFixture.store(image("gl-beta", ImageStatus.ACTIVE, "qcow2", 3000L, "bare",
				now.minus(3, ChronoUnit.HOURS), Map.of("os_distro", "centos")));
		gamma = ImageFixture.store(image("gl-gamma", ImageStatus.QUEUED, null, null, "ova",
				now.minus(2, ChronoUnit.HOURS), Map.of("os_distro", "ubuntu", "hw_disk_bus", "scsi", "os_hidden", "true")));
		delta = ImageFixture.store(image("gl-delta", ImageStatus.ACTIVE, "vmdk", 3000L, "bare",
				now.minus(1, ChronoUnit.HOURS), Map.of("os_distro", "ubuntu", "__support_kvm", "true")));
	}

	@Test
	void sortsBySeveralKeysInEitherSyntaxPageByPage() {
		assertThat(walk("sort=size:desc,name:asc")).containsExactly("gl-beta", "gl-delta", "gl-alpha");
		assertThat(walk("sort_key=size&sort_key=name&sort_dir=desc&sort_dir=asc")).containsExactly("gl-beta",
				"gl-delta", "gl-alpha");
		assertThat(walk("sort=disk_format")).as("descending unless said").containsExactly("gl-delta", "gl-alpha",
				"gl-beta");
		assertThat(walk("sort=created_at:asc&os_hidden=true")).containsExactly("gl-gamma");
	}

	@Test
	void refusesTheTwoSortSyntaxesTogether() {
		IsolationIT.assertError(tenant.get("/v2/images?sort=name:asc&sort_key=name"), HttpStatus.BAD_REQUEST,
				"IMS.0400");
		IsolationIT.assertError(tenant.get("/v2/images?sort=name:sideways"), HttpStatus.BAD_REQUEST, "IMS.0400");
	}

	@Test
	void filtersBySizeInBytesLeavingOutImagesWithoutData() {
		assertThat(names("size_min=2000")).containsExactlyInAnyOrder("gl-beta", "gl-delta");
		assertThat(names("size_max=2000")).containsExactly("gl-alpha");
		assertThat(names("size_min=1000&size_max=3000")).containsExactlyInAnyOrder("gl-alpha", "gl-beta",
				"gl-delta");
		assertThat(names("size_max=999")).isEmpty();
		IsolationIT.assertError(tenant.get("/v2/images?size_min=big"), HttpStatus.BAD_REQUEST, "IMS.0400");
	}

	@Test
	void filtersByTheInOperatorWithQuotedValues() {
		assertThat(names("name=in:gl-alpha,\"gl-delta\",\"no,such\"")).containsExactlyInAnyOrder("gl-alpha",
				"gl-delta");
		assertThat(names("disk_format=in:raw,qcow2")).containsExactlyInAnyOrder("gl-alpha", "gl-beta");
		assertThat(names("id=in:" + alpha.id() + "," + beta.id())).containsExactlyInAnyOrder("gl-alpha", "gl-beta");
		assertThat(names("status=in:queued,killed&os_hidden=true")).containsExactly("gl-gamma");
		assertThat(names("container_format=in:ova,ovf&os_hidden=true")).containsExactly("gl-gamma");
		IsolationIT.assertError(tenant.get("/v2/images?name=in:\"gl-alpha"), HttpStatus.BAD_REQUEST, "IMS.0400");
	}

	@Test
	void listsHiddenImagesOnlyWhenAskedUntilTheyAreShownAgain() {
		Image hidden = ImageFixture.store(image("gl-hidden", ImageStatus.ACTIVE, "raw", 10L, "bare", Instant.now(),
				Map.of("os_hidden", "true"), hiding.projectId));
		assertThat(names(hiding, "name=gl-hidden")).isEmpty();
		assertThat(names(hiding, "name=gl-hidden&os_hidden=true")).containsExactly("gl-hidden");
		assertThat(hiding.json(hiding.get("/v2/images/" + hidden.id()), HttpStatus.OK)).containsEntry("os_hidden",
				true);

		Map<String, Object> shown = hiding.json(patch(hiding, hidden.id().value(),
				"[{\"op\":\"replace\",\"path\":\"/os_hidden\",\"value\":false}]"), HttpStatus.OK);

		assertThat(shown).containsEntry("os_hidden", false);
		assertThat(names(hiding, "name=gl-hidden")).containsExactly("gl-hidden");
		assertThat(names(hiding, "name=gl-hidden&os_hidden=true")).isEmpty();
	}

	@Test
	void hidesAnImageCreatedHidden() {
		Map<String, Object> created = hiding.json(hiding.post("/v2/images",
				"{\"name\":\"gl-created-hidden\",\"os_hidden\":true}"), HttpStatus.CREATED);

		assertThat(created).containsEntry("os_hidden", true);
		assertThat(names(hiding, "name=gl-created-hidden")).isEmpty();
		assertThat(names(hiding, "name=gl-created-hidden&os_hidden=true")).containsExactly("gl-created-hidden");
	}

	@Test
	void filtersOnFreeFormPropertiesInGlancesDialectOnly() {
		assertThat(names("os_distro=ubuntu")).containsExactlyInAnyOrder("gl-alpha", "gl-delta");
		assertThat(names("os_distro=ubuntu&__support_kvm=true")).containsExactly("gl-delta");
		assertThat(names("hw_disk_bus=scsi&os_hidden=true")).containsExactly("gl-gamma");
		assertThat(names("os_distro=debian")).isEmpty();
		IsolationIT.assertError(tenant.get("/v2/cloudimages?os_distro=ubuntu"), HttpStatus.BAD_REQUEST, "IMS.0400");
	}

	@Test
	void answersEveryFilterOfTheHuaweiSdksGlanceListImages() {
		ImsClient ims = KeyHolder.memberOf(tenant.projectId).client(ImsClient.newBuilder());
		GlanceListImagesRequest request = new GlanceListImagesRequest().withOwner(tenant.projectId)
			.withImagetype(GlanceListImagesRequest.ImagetypeEnum.PRIVATE)
			.withIsregistered(true)
			.withOsType(GlanceListImagesRequest.OsTypeEnum.LINUX)
			.withOsBit(GlanceListImagesRequest.OsBitEnum._64)
			.withPlatform(GlanceListImagesRequest.PlatformEnum.UBUNTU)
			.withSupportKvm("true")
			.withStatus(GlanceListImagesRequest.StatusEnum.ACTIVE)
			.withVisibility(GlanceListImagesRequest.VisibilityEnum.PRIVATE)
			.withContainerFormat("bare")
			.withMinDisk(10)
			.withMinRam(0)
			.withProtected(false)
			.withMemberStatus("accepted")
			.withCreatedAt("gt:" + Instant.now().minus(1, ChronoUnit.DAYS))
			.withUpdatedAt("lte:" + Instant.now().plus(1, ChronoUnit.DAYS))
			.withSortKey("name")
			.withSortDir("asc")
			.withLimit(10);

		assertThat(ims.glanceListImages(request).getImages()).extracting(GlanceShowImageListResponseBody::getName)
			.containsExactly("gl-delta");
		assertThat(ims.glanceListImages(new GlanceListImagesRequest().withOwner(tenant.projectId)
			.withDiskFormat(GlanceListImagesRequest.DiskFormatEnum.QCOW2)).getImages())
			.extracting(GlanceShowImageListResponseBody::getName).containsExactly("gl-beta");
		for (GlanceListImagesRequest none : List.of(new GlanceListImagesRequest().withSupportXen("true"),
				new GlanceListImagesRequest().withSupportKvmGpuType("x"),
				new GlanceListImagesRequest().withSupportKvmInfiniband("true"),
				new GlanceListImagesRequest().withSupportLargememory("true"),
				new GlanceListImagesRequest().withSupportDiskintensive("true"),
				new GlanceListImagesRequest().withSupportHighperformance("true"),
				new GlanceListImagesRequest().withSupportXenGpuType("x"),
				new GlanceListImagesRequest().withSupportXenHana("true"),
				new GlanceListImagesRequest().withIsregistered(false),
				new GlanceListImagesRequest().withImagetype(GlanceListImagesRequest.ImagetypeEnum.MARKET),
				new GlanceListImagesRequest().withOsType(GlanceListImagesRequest.OsTypeEnum.WINDOWS),
				new GlanceListImagesRequest().withOsBit(GlanceListImagesRequest.OsBitEnum._32),
				new GlanceListImagesRequest().withPlatform(GlanceListImagesRequest.PlatformEnum.CENTOS))) {
			assertThat(ims.glanceListImages(none.withOwner(tenant.projectId)).getImages()).as("%s", none).isEmpty();
		}
		assertThat(ims.glanceListImages(new GlanceListImagesRequest().withOwner(tenant.projectId)
			.withImagetype(GlanceListImagesRequest.ImagetypeEnum.PRIVATE)
			.withId(alpha.id().value())).getImages()).extracting(GlanceShowImageListResponseBody::getName)
			.containsExactly("gl-alpha");
	}

	/** The tenant's own images the list answers, in its order, following every next link with pages of one. */
	@SuppressWarnings("unchecked")
	private static List<String> walk(String query) {
		List<String> names = new ArrayList<>();
		Map<String, Object> page = tenant.json(tenant.get("/v2/images?owner=" + tenant.projectId + "&limit=1&" + query),
				HttpStatus.OK);
		while (true) {
			((List<Map<String, Object>>) page.get("images")).forEach((image) -> names.add((String) image.get("name")));
			String next = (String) page.get("next");
			if (next == null) {
				return names;
			}
			assertThat(names).as("no endless paging").hasSizeLessThan(10);
			// The next link is encoded already: followed as it is, as clients do.
			page = tenant.json(tenant.http.get().uri(URI.create(TestStack.get().baseUrl() + next))
				.header("X-Auth-Token", tenant.token).exchange(), HttpStatus.OK);
		}
	}

	private static List<String> names(String query) {
		return names(tenant, query);
	}

	@SuppressWarnings("unchecked")
	private static List<String> names(Tenant owner, String query) {
		Map<String, Object> page = owner.json(owner.get("/v2/images?owner=" + owner.projectId + "&" + query),
				HttpStatus.OK);
		return ((List<Map<String, Object>>) page.get("images")).stream().map((image) -> (String) image.get("name"))
			.toList();
	}

	static WebTestClient.ResponseSpec patch(Tenant caller, String imageId, String operations) {
		return caller.http.patch()
			.uri("/v2/images/" + imageId)
			.header("X-Auth-Token", caller.token)
			.contentType(MediaType.parseMediaType(PATCH))
			.bodyValue(operations)
			.exchange();
	}

	private static Image image(String name, ImageStatus status, @Nullable String diskFormat, @Nullable Long size,
			String containerFormat, Instant createdAt, Map<String, String> properties) {
		return image(name, status, diskFormat, size, containerFormat, createdAt, properties, tenant.projectId);
	}

	private static Image image(String name, ImageStatus status, @Nullable String diskFormat, @Nullable Long size,
			String containerFormat, Instant createdAt, Map<String, String> properties, String owner) {
		ImageData data = (size != null)
				? new ImageData(diskFormat, size, size, UUID.randomUUID().toString().replace("-", ""), "0".repeat(64))
				: null;
		return new Image(ImageId.newId(), name, status, Visibility.PRIVATE, owner, false, List.of(),
				containerFormat, 10, 0, null, data, "Linux", "Ubuntu 24.04 server 64bit", "Ubuntu", "64", null,
				"upload", properties, null, createdAt, createdAt, 0);
	}

}
