package cloud.ims.standalone.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageData;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.image.ImageStatus;
import cloud.ims.core.image.Visibility;
import cloud.ims.standalone.events.EventLog;
import cloud.ims.standalone.events.EventLog.Event;
import com.huaweicloud.sdk.core.exception.ClientRequestException;
import com.huaweicloud.sdk.ims.v2.ImsClient;
import com.huaweicloud.sdk.ims.v2.model.AddImageTagRequest;
import com.huaweicloud.sdk.ims.v2.model.AddImageTagRequestBody;
import com.huaweicloud.sdk.ims.v2.model.BatchAddOrDeleteTagsRequest;
import com.huaweicloud.sdk.ims.v2.model.BatchAddOrDeleteTagsRequestBody;
import com.huaweicloud.sdk.ims.v2.model.CreateDataImage;
import com.huaweicloud.sdk.ims.v2.model.CreateImageRequest;
import com.huaweicloud.sdk.ims.v2.model.CreateImageRequestBody;
import com.huaweicloud.sdk.ims.v2.model.DeleteImageTagRequest;
import com.huaweicloud.sdk.ims.v2.model.JobProgressEntities;
import com.huaweicloud.sdk.ims.v2.model.Links;
import com.huaweicloud.sdk.ims.v2.model.ListImageByTagsRequest;
import com.huaweicloud.sdk.ims.v2.model.ListImageByTagsRequestBody;
import com.huaweicloud.sdk.ims.v2.model.ListImageByTagsResponse;
import com.huaweicloud.sdk.ims.v2.model.ListImageTagsRequest;
import com.huaweicloud.sdk.ims.v2.model.ListImagesTagsRequest;
import com.huaweicloud.sdk.ims.v2.model.ListVersionsRequest;
import com.huaweicloud.sdk.ims.v2.model.OsVersionResponse;
import com.huaweicloud.sdk.ims.v2.model.ResourceTag;
import com.huaweicloud.sdk.ims.v2.model.ShowImageByTagsResource;
import com.huaweicloud.sdk.ims.v2.model.ShowJobProgressRequest;
import com.huaweicloud.sdk.ims.v2.model.ShowJobProgressResponse;
import com.huaweicloud.sdk.ims.v2.model.ShowVersionRequest;
import com.huaweicloud.sdk.ims.v2.model.SubJobResult;
import com.huaweicloud.sdk.ims.v2.model.TagKeyValue;
import com.huaweicloud.sdk.ims.v2.model.Tags;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Huawei IMS's key/value tags, ShowJobProgress and the version documents, driven by the official Huawei Cloud SDK
 * ({@code ImsClient}, signing with an access key): every tag operation, with the state read again after each write
 * and through Glance's view of the same tags; each write one event, a write that changes nothing none; Huawei's
 * limits refused with their codes and nothing changed; a batch job's progress in the SDK's model; the version lists as
 * Glance, the SDK and the {@code openstack} command read them; and the CreateImage fields IMS does not implement
 * refused by name instead of dropped.
 */
class HuaweiSdkTagsIT {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	@TempDir
	static Path home;

	private final Tenant tenant = Tenant.newProject();

	/** A member of the tenant's project with an access key: the clients sign with the SDK's own BasicCredentials. */
	private final KeyHolder key = KeyHolder.memberOf(this.tenant.projectId);

	private final ImsClient ims = this.key.client(ImsClient.newBuilder());

	@Test
	void addsListsAndDeletesTagsThroughTheSdkWithOneEventPerChange() {
		Image image = store(tagged("sdk-tags", "v1.2"));
		String id = id(image);

		assertThat(this.ims.addImageTag(add(id, "env", "prod")).getHttpStatusCode()).isEqualTo(204);
		assertThat(tags(id)).containsExactly(pair("v1.2", ""), pair("env", "prod"));
		assertThat(glanceTags(id)).containsExactly("v1.2", "env=prod");

		assertThat(this.ims.addImageTag(add(id, "env", "prod")).getHttpStatusCode()).as("the same tag again: no change")
			.isEqualTo(204);
		assertThat(this.ims.addImageTag(add(id, "env", "staging")).getHttpStatusCode()).isEqualTo(204);
		assertThat(tags(id)).as("a key that is there gets the new value").containsExactly(pair("v1.2", ""),
				pair("env", "staging"));

		assertThat(this.ims.batchAddOrDeleteTags(batch(id, BatchAddOrDeleteTagsRequestBody.ActionEnum.CREATE,
				tag("team", "qa"), tag("web", ""), tag("env", "prod"))).getHttpStatusCode()).isEqualTo(204);
		assertThat(tags(id)).containsExactly(pair("v1.2", ""), pair("env", "prod"), pair("team", "qa"), pair("web", ""));
		assertThat(glanceTags(id)).containsExactly("v1.2", "env=prod", "team=qa", "web");

		assertThat(this.ims.batchAddOrDeleteTags(batch(id, BatchAddOrDeleteTagsRequestBody.ActionEnum.DELETE,
				tag("team", "other"), tag("missing", null))).getHttpStatusCode())
			.as("a value that is not the tag's, and a key that is not there: nothing to delete")
			.isEqualTo(204);
		assertThat(tags(id)).hasSize(4);
		assertThat(this.ims.batchAddOrDeleteTags(batch(id, BatchAddOrDeleteTagsRequestBody.ActionEnum.DELETE,
				tag("team", "qa"), tag("v1.2", null))).getHttpStatusCode()).isEqualTo(204);
		assertThat(tags(id)).containsExactly(pair("env", "prod"), pair("web", ""));

		assertThat(this.ims.deleteImageTag(new DeleteImageTagRequest().withImageId(id).withKey("web"))
			.getHttpStatusCode()).isEqualTo(204);
		assertThat(tags(id)).containsExactly(pair("env", "prod"));
		ClientRequestException missing = catchThrowableOfType(ClientRequestException.class,
				() -> this.ims.deleteImageTag(new DeleteImageTagRequest().withImageId(id).withKey("web")));
		assertThat(missing.getHttpStatusCode()).isEqualTo(404);
		assertThat(missing.getErrorCode()).isEqualTo("IMG.0098");
		assertThat(tags(id)).containsExactly(pair("env", "prod"));
		assertThat(glanceTags(id)).containsExactly("env=prod");

		// Created, env=prod, env=staging, the batch create, the second batch delete, the delete of web: no more.
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> assertThat(
				EventLog.read(TestStack.get().bootstrapServers(), Set.of(this.tenant.projectId)).of("image " + id))
			.extracting(Event::version)
			.containsExactly(1L, 2L, 3L, 4L, 5L, 6L));
	}

	@Test
	void refusesWritesBeyondHuaweisLimitsAndChangesNothing() {
		Image image = store(tagged("sdk-limits", IntStream.range(0, 9).mapToObj((i) -> "k" + i + "=v").toArray(String[]::new)));
		String id = id(image);
		List<ResourceTag> before = tags(id);

		assertRefused(() -> this.ims.addImageTag(add(id, "k".repeat(37), "v")), 400, "IMG.0010", "1 to 36");
		assertRefused(() -> this.ims.addImageTag(add(id, "dot.ted", "v")), 400, "IMG.0010", "dot.ted");
		assertRefused(() -> this.ims.addImageTag(add(id, "k", "v".repeat(44))), 400, "IMG.0011", "43");
		assertRefused(() -> this.ims.addImageTag(add(id, "k", "has space")), 400, "IMG.0011", "has space");
		assertRefused(() -> this.ims.batchAddOrDeleteTags(batch(id, BatchAddOrDeleteTagsRequestBody.ActionEnum.CREATE,
				tag("dup", "a"), tag("dup", "b"))), 400, "IMG.0013", "dup");
		assertRefused(() -> this.ims.batchAddOrDeleteTags(batch(id, BatchAddOrDeleteTagsRequestBody.ActionEnum.CREATE,
				tag("k9", "v"), tag("k10", "v"))), 400, "IMG.0012", "at most 10");
		assertThat(tags(id)).as("after every refusal").isEqualTo(before);

		assertThat(this.ims.addImageTag(add(id, "k9", "v")).getHttpStatusCode()).as("the tenth").isEqualTo(204);
		assertRefused(() -> this.ims.addImageTag(add(id, "k10", "v")), 400, "IMG.0012", "would have 11");
		assertThat(this.ims.addImageTag(add(id, "k0", "changed")).getHttpStatusCode())
			.as("a new value for a key that is there, at ten").isEqualTo(204);
		assertThat(tags(id)).hasSize(10).contains(pair("k0", "changed"));

		assertThat(this.tenant.json(this.tenant.post("/v2/" + this.tenant.projectId + "/images/" + id + "/tags/action",
				"{\"action\":\"update\",\"tags\":[{\"key\":\"k\",\"value\":\"v\"}]}"), HttpStatus.BAD_REQUEST))
			.extracting("error").extracting("code").isEqualTo("IMG.0014");
		assertThat(this.tenant.json(this.tenant.post("/v2/" + this.tenant.projectId + "/images/" + id + "/tags",
				"{\"tag\":{\"key\":\"k\",\"value\":\"v\",\"colour\":\"red\"}}"), HttpStatus.BAD_REQUEST))
			.extracting("error").extracting("code").isEqualTo("IMS.0400");
		assertThat(this.tenant.json(this.tenant.post("/v2/other-project/images/" + id + "/tags",
				"{\"tag\":{\"key\":\"k\",\"value\":\"v\"}}"), HttpStatus.FORBIDDEN))
			.extracting("error").extracting("code").isEqualTo("IMS.0403");
		Image elsewhere = store(tagged("elsewhere", "k=v").owner("p-other-" + UUID.randomUUID()));
		assertRefused(() -> this.ims.addImageTag(add(id(elsewhere), "k", "w")), 404, "IMG.0027", id(elsewhere));
		assertRefused(() -> this.ims.listImageTags(new ListImageTagsRequest().withImageId(id(elsewhere))), 404,
				"IMG.0027", id(elsewhere));
		String baseImage = this.tenant.baseImageId();
		assertRefused(() -> this.ims.addImageTag(add(baseImage, "k", "v")), 403, "IMG.0094", "public");
		assertThat(tags(id)).hasSize(10).contains(pair("k0", "changed"));
		assertThat(ImageFixture.images().find(elsewhere.id()).block().tags()).containsExactly("k=v");
	}

	@Test
	void listsTheProjectsTagKeysAndSelectsOrCountsItsImagesByTags() {
		Instant now = Instant.now();
		Image prodWeb = store(tagged("prod-web", "env=prod", "tier=web").createdAt(now.minusSeconds(30)));
		Image testWeb = store(tagged("test-web", "env=test", "tier=web").createdAt(now.minusSeconds(20)));
		Image prodDb = store(tagged("prod-db", "env=prod", "tier=db", "backup").createdAt(now.minusSeconds(10)));
		Image plain = store(tagged("plain").createdAt(now));
		store(tagged("other-project", "env=prod", "secret=x").owner("p-other-" + UUID.randomUUID()));

		assertThat(this.ims.listImagesTags(new ListImagesTagsRequest()).getTags())
			.extracting(Tags::getKey, Tags::getValues)
			.containsExactly(tuple("backup", List.of("")), tuple("env", List.of("prod", "test")),
					tuple("tier", List.of("db", "web")));

		assertThat(select(filter().withTags(List.of(condition("env", "prod"))))).containsExactly(id(prodDb), id(prodWeb));
		assertThat(select(filter().withTags(List.of(condition("env", "prod"), condition("tier", "web")))))
			.containsExactly(id(prodWeb));
		assertThat(select(filter().withTagsAny(List.of(condition("env", "test"), condition("backup")))))
			.containsExactly(id(prodDb), id(testWeb));
		assertThat(select(filter().withNotTags(List.of(condition("env", "prod"), condition("tier", "web")))))
			.containsExactly(id(plain), id(prodDb), id(testWeb));
		assertThat(select(filter().withNotTagsAny(List.of(condition("tier")))))
			.containsExactly(id(plain));
		assertThat(select(filter().withWithoutAnyTag(true))).containsExactly(id(plain));
		assertThat(select(filter().withMatches(List.of(new TagKeyValue().withKey("resource_name").withValue("web")))))
			.containsExactly(id(testWeb), id(prodWeb));
		assertThat(select(filter().withMatches(List.of(new TagKeyValue().withKey("resource_id").withValue(id(prodDb))))))
			.containsExactly(id(prodDb));

		ListImageByTagsResponse page = this.ims.listImageByTags(new ListImageByTagsRequest()
			.withBody(filter().withTags(List.of(condition("tier"))).withLimit("2").withOffset("1")));
		assertThat(page.getTotalCount()).isEqualTo(3);
		assertThat(page.getResources()).extracting(ShowImageByTagsResource::getResourceId)
			.containsExactly(id(testWeb), id(prodWeb));
		assertThat(page.getResources().get(0)).satisfies((resource) -> {
			assertThat(resource.getResourceName()).isEqualTo("test-web");
			assertThat(resource.getResourceDetail().getStatus()).isEqualTo("active");
			assertThat(resource.getTags()).extracting(TagKeyValue::getKey, TagKeyValue::getValue)
				.containsExactly(tuple("env", "test"), tuple("tier", "web"));
		});
		ListImageByTagsResponse counted = this.ims.listImageByTags(new ListImageByTagsRequest()
			.withBody(new ListImageByTagsRequestBody().withAction(ListImageByTagsRequestBody.ActionEnum.COUNT)
				.withTags(List.of(condition("env", "prod")))));
		assertThat(counted.getTotalCount()).isEqualTo(2);
		assertThat(counted.getResources()).isNull();

		assertRefused(() -> this.ims.listImageByTags(new ListImageByTagsRequest().withBody(filter().withLimit("0"))),
				400, "IMG.0014", "limit");
		assertRefused(() -> this.ims.listImageByTags(new ListImageByTagsRequest()
			.withBody(filter().withMatches(List.of(new TagKeyValue().withKey("status").withValue("active"))))), 400,
				"IMG.0014", "resource_name");
		assertRefused(() -> this.ims.listImageByTags(new ListImageByTagsRequest().withBody(filter().withTags(
				IntStream.range(0, 11).mapToObj((i) -> condition("k" + i)).toList()))), 400, "IMG.0014", "at most 10");
	}

	@Test
	void showsABatchJobsProgressInTheSdksModelOnlyToItsProject() {
		Map<String, Object> accepted = this.tenant.createServers(this.tenant.baseImageId(), "progress", 2);
		String jobId = (String) accepted.get("job_id");

		ShowJobProgressResponse ended = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
			.until(() -> this.ims.showJobProgress(new ShowJobProgressRequest().withJobId(jobId)),
					(job) -> job.getStatus() == ShowJobProgressResponse.StatusEnum.SUCCESS
							|| job.getStatus() == ShowJobProgressResponse.StatusEnum.FAIL);

		assertThat(ended.getStatus()).isEqualTo(ShowJobProgressResponse.StatusEnum.SUCCESS);
		assertThat(ended.getJobId()).isEqualTo(jobId);
		assertThat(ended.getJobType()).isEqualTo("createServer");
		assertThat(ended.getBeginTime()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
		assertThat(ended.getEndTime()).isNotBlank();
		assertThat(ended.getErrorCode()).isNull();
		JobProgressEntities entities = ended.getEntities();
		assertThat(entities.getImageId()).isEqualTo(this.tenant.baseImageId());
		assertThat(entities.getImageName()).isEqualTo("ims-base-linux");
		assertThat(entities.getProcessPercent()).isEqualTo(1.0);
		assertThat(entities.getSubJobsResult()).hasSize(2)
			.extracting(SubJobResult::getJobType, SubJobResult::getStatus)
			.containsOnly(tuple("createSingleServer", SubJobResult.StatusEnum.SUCCESS));
		assertThat(entities.getSubJobsList()).containsExactlyElementsOf(
				entities.getSubJobsResult().stream().map(SubJobResult::getJobId).toList());

		Map<String, Object> raw = this.tenant.json(this.tenant.get("/v1/cloudimages/job/" + jobId), HttpStatus.OK);
		assertThat(raw).as("exactly the fields of ShowJobProgressResponse").containsOnlyKeys("job_id", "job_type",
				"status", "begin_time", "end_time", "error_code", "fail_reason", "entities");
		assertThat(raw).extracting("entities").asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsOnlyKeys("image_id", "image_name", "process_percent", "sub_jobs_result", "sub_jobs_list");

		ImsClient stranger = KeyHolder.newMember().client(ImsClient.newBuilder());
		assertRefused(() -> stranger.showJobProgress(new ShowJobProgressRequest().withJobId(jobId)), 404, "IMS.0044",
				jobId);
		String unknown = UUID.randomUUID().toString();
		assertRefused(() -> this.ims.showJobProgress(new ShowJobProgressRequest().withJobId(unknown)), 404,
				"IMS.0044", unknown);
	}

	@Test
	@SuppressWarnings("unchecked")
	void listsTheVersionsAsGlanceTheSdkAndTheOpenstackCommandReadThem() {
		String base = TestStack.get().baseUrl();
		Map<String, Object> choices = TestStack.get().client().get().uri("/").exchange()
			.expectStatus().isEqualTo(HttpStatus.MULTIPLE_CHOICES)
			.expectBody(JSON).returnResult().getResponseBody();
		List<Map<String, Object>> versions = (List<Map<String, Object>>) choices.get("versions");
		assertThat(versions).extracting((version) -> version.get("id"), (version) -> version.get("status"))
			.startsWith(tuple("v2.9", "CURRENT"))
			.contains(tuple("v2.0", "SUPPORTED"));
		assertThat(versions).flatExtracting((version) -> (List<Map<String, Object>>) version.get("links"))
			.containsOnly(Map.of("rel", "self", "href", base + "/v2/"));
		for (String path : List.of("/versions", "/v2", "/v2/")) {
			assertThat(TestStack.get().client().get().uri(path).exchange().expectStatus().isOk()
				.expectBody(JSON).returnResult().getResponseBody()).as(path).isEqualTo(choices);
		}

		List<OsVersionResponse> listed = this.ims.listVersions(new ListVersionsRequest()).getVersions();
		assertThat(listed).extracting(OsVersionResponse::getId).startsWith("v2.9");
		assertThat(listed.get(0).getLinks()).extracting(Links::getRel, Links::getHref)
			.containsExactly(tuple("self", base + "/v2/"));
		assertThat(this.ims.showVersion(new ShowVersionRequest().withVersion("v2")).getVersions())
			.extracting(OsVersionResponse::getId, OsVersionResponse::getStatus)
			.contains(tuple("v2.9", "CURRENT"));

		OpenStackCli cli = new OpenStackCli(base, Accounts.member(this.tenant.projectId),
				TestStack.get().dataDir().resolve("tls/server.crt"), home);
		OpenStackCli.Output output = cli.openstack("versions", "show", "--service", "image", "-f", "json");
		assertThat(output.exitCode()).as("%s", output).isZero();
		assertThat(JsonMapper.builder().build().readValue(output.stdout(),
				new TypeReference<List<Map<String, Object>>>() {
				})).extracting((row) -> row.get("Version"), (row) -> row.get("Status"), (row) -> row.get("Endpoint"))
			.contains(tuple("2.9", "CURRENT", base + "/v2/"));
		OpenStackCli.Output images = cli.openstack("image", "list", "-f", "json");
		assertThat(images.exitCode()).as("the image endpoint found through the 300: %s", images).isZero();
	}

	@Test
	void refusesCreateImageFieldsItDoesNotImplementByName() {
		String serverId = this.tenant.activeServer("refused-capture");

		assertRefused(() -> this.ims.createImage(create(new CreateImageRequestBody().withName("with-data-disks")
			.withInstanceId(serverId)
			.withDataImages(List.of(new CreateDataImage().withName("data").withVolumeId(UUID.randomUUID().toString()))))),
				400, "IMG.0009", "data_images");
		assertRefused(() -> this.ims.createImage(create(new CreateImageRequestBody().withName("quick")
			.withImageUrl("https://localhost/disk.qcow2")
			.withMinDisk(10)
			.withOsVersion("Ubuntu 24.04 server 64bit")
			.withIsQuickImport(true))), 400, "IMG.0009", "is_quick_import");
		assertRefused(() -> this.ims.createImage(create(new CreateImageRequestBody().withName("encrypted")
			.withInstanceId(serverId)
			.withCmkId(UUID.randomUUID().toString()))), 400, "IMG.0009", "cmk_id");
		assertRefused(() -> this.ims.createImage(create(new CreateImageRequestBody().withName("from-volume")
			.withVolumeId(UUID.randomUUID().toString()))), 400, "IMG.0009", "volume_id");
		assertRefused(() -> this.ims.createImage(create(new CreateImageRequestBody().withName("from-volume-too")
			.withInstanceId(serverId)
			.withVolumeId(UUID.randomUUID().toString()))), 400, "IMG.0009", "volume_id");
		assertRefused(() -> this.ims.createImage(create(new CreateImageRequestBody().withName("bad-tags")
			.withInstanceId(serverId)
			.withImageTags(List.of(new TagKeyValue().withKey("dot.ted").withValue("v"))))), 400, "IMG.0010", "dot.ted");

		assertThat(this.tenant.imageQuotaUsed()).as("no image was started").isZero();
		assertThat(this.tenant.json(this.tenant.get("/v2/cloudimages?__imagetype=private"), HttpStatus.OK))
			.extracting("images").asInstanceOf(InstanceOfAssertFactories.LIST).isEmpty();
	}

	private static CreateImageRequest create(CreateImageRequestBody body) {
		return new CreateImageRequest().withBody(body);
	}

	private List<String> select(ListImageByTagsRequestBody body) {
		ListImageByTagsResponse response = this.ims.listImageByTags(new ListImageByTagsRequest().withBody(body));
		assertThat(response.getTotalCount()).isEqualTo(response.getResources().size());
		return response.getResources().stream().map(ShowImageByTagsResource::getResourceId).toList();
	}

	private static ListImageByTagsRequestBody filter() {
		return new ListImageByTagsRequestBody().withAction(ListImageByTagsRequestBody.ActionEnum.FILTER)
			.withLimit("100");
	}

	private static Tags condition(String key, String... values) {
		return new Tags().withKey(key).withValues(List.of(values));
	}

	private List<ResourceTag> tags(String imageId) {
		return this.ims.listImageTags(new ListImageTagsRequest().withImageId(imageId)).getTags();
	}

	@SuppressWarnings("unchecked")
	private List<String> glanceTags(String imageId) {
		return (List<String>) this.tenant.json(this.tenant.get("/v2/images/" + imageId), HttpStatus.OK).get("tags");
	}

	private static AddImageTagRequest add(String imageId, String key, String value) {
		return new AddImageTagRequest().withImageId(imageId)
			.withBody(new AddImageTagRequestBody().withTag(tag(key, value)));
	}

	private static BatchAddOrDeleteTagsRequest batch(String imageId, BatchAddOrDeleteTagsRequestBody.ActionEnum action,
			ResourceTag... tags) {
		return new BatchAddOrDeleteTagsRequest().withImageId(imageId)
			.withBody(new BatchAddOrDeleteTagsRequestBody().withAction(action).withTags(List.of(tags)));
	}

	private static ResourceTag tag(String key, String value) {
		return new ResourceTag().withKey(key).withValue(value);
	}

	private static ResourceTag pair(String key, String value) {
		return tag(key, value);
	}

	private static void assertRefused(Supplier<?> call, int status, String code, String inMessage) {
		ClientRequestException refused = catchThrowableOfType(ClientRequestException.class, call::get);
		assertThat(refused).as("refused with %s", code).isNotNull();
		assertThat(refused.getHttpStatusCode()).isEqualTo(status);
		assertThat(refused.getErrorCode()).isEqualTo(code);
		assertThat(refused.getErrorMsg()).contains(inMessage);
	}

	private static String id(Image image) {
		return image.id().value();
	}

	private Tagged tagged(String name, String... tags) {
		return new Tagged(this.tenant.projectId, name, Stream.of(tags).toList());
	}

	private static Image store(Tagged image) {
		return ImageFixture.store(image.build());
	}

	/** An active private image with tags, recorded straight into the store. */
	private static final class Tagged {

		private String owner;

		private final String name;

		private final List<String> tags;

		private Instant createdAt = Instant.now();

		Tagged(String owner, String name, List<String> tags) {
			this.owner = owner;
			this.name = name;
			this.tags = tags;
		}

		Tagged owner(String owner) {
			this.owner = owner;
			return this;
		}

		Tagged createdAt(Instant createdAt) {
			this.createdAt = createdAt;
			return this;
		}

		Image build() {
			return new Image(ImageId.newId(), this.name, ImageStatus.ACTIVE, Visibility.PRIVATE, this.owner, false,
					this.tags, "bare", 10, 0, null, new ImageData("vmdk", 1024, 10L << 30, "0".repeat(32), "0".repeat(64)),
					"Linux", "Ubuntu 24.04 server 64bit", "Ubuntu", "64", null, "file,fixture", Map.of(), null,
					this.createdAt, this.createdAt, 0);
		}

	}

}
