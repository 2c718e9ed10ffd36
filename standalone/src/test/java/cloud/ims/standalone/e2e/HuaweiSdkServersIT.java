package cloud.ims.standalone.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.huaweicloud.sdk.core.exception.ClientRequestException;
import com.huaweicloud.sdk.ecs.v2.EcsClient;
import com.huaweicloud.sdk.ecs.v2.model.BatchRebootServersRequest;
import com.huaweicloud.sdk.ecs.v2.model.BatchRebootServersRequestBody;
import com.huaweicloud.sdk.ecs.v2.model.BatchRebootSeversOption;
import com.huaweicloud.sdk.ecs.v2.model.BatchStartServersOption;
import com.huaweicloud.sdk.ecs.v2.model.BatchStartServersRequest;
import com.huaweicloud.sdk.ecs.v2.model.BatchStartServersRequestBody;
import com.huaweicloud.sdk.ecs.v2.model.BatchStopServersOption;
import com.huaweicloud.sdk.ecs.v2.model.BatchStopServersRequest;
import com.huaweicloud.sdk.ecs.v2.model.BatchStopServersRequestBody;
import com.huaweicloud.sdk.ecs.v2.model.CreatePostPaidServersRequest;
import com.huaweicloud.sdk.ecs.v2.model.CreatePostPaidServersRequestBody;
import com.huaweicloud.sdk.ecs.v2.model.CreatePostPaidServersResponse;
import com.huaweicloud.sdk.ecs.v2.model.CreateServersRequest;
import com.huaweicloud.sdk.ecs.v2.model.CreateServersRequestBody;
import com.huaweicloud.sdk.ecs.v2.model.CreateServersResponse;
import com.huaweicloud.sdk.ecs.v2.model.DeleteServersRequest;
import com.huaweicloud.sdk.ecs.v2.model.DeleteServersRequestBody;
import com.huaweicloud.sdk.ecs.v2.model.ListServersDetailsRequest;
import com.huaweicloud.sdk.ecs.v2.model.ListServersDetailsResponse;
import com.huaweicloud.sdk.ecs.v2.model.PostPaidServer;
import com.huaweicloud.sdk.ecs.v2.model.PostPaidServerNic;
import com.huaweicloud.sdk.ecs.v2.model.PostPaidServerRootVolume;
import com.huaweicloud.sdk.ecs.v2.model.PrePaidServer;
import com.huaweicloud.sdk.ecs.v2.model.PrePaidServerNic;
import com.huaweicloud.sdk.ecs.v2.model.PrePaidServerRootVolume;
import com.huaweicloud.sdk.ecs.v2.model.ServerDetail;
import com.huaweicloud.sdk.ecs.v2.model.ServerId;
import com.huaweicloud.sdk.ecs.v2.model.ServerLimits;
import com.huaweicloud.sdk.ecs.v2.model.ShowJobRequest;
import com.huaweicloud.sdk.ecs.v2.model.ShowJobResponse;
import com.huaweicloud.sdk.ecs.v2.model.ShowServerLimitsRequest;
import com.huaweicloud.sdk.ecs.v2.model.ShowServerRequest;
import com.huaweicloud.sdk.ecs.v2.model.SubJob;
import com.huaweicloud.sdk.ims.v2.ImsClient;
import com.huaweicloud.sdk.ims.v2.model.ImageInfo;
import com.huaweicloud.sdk.ims.v2.model.ListImagesRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * ECS operations driven by the official Huawei Cloud Java SDK's {@code EcsClient}, with the request fields its users
 * send in practice; every assertion is on what the SDK's strict models make of the answers.
 */
class HuaweiSdkServersIT {

	private static final String PROJECT_ID = "p-" + UUID.randomUUID().toString().substring(0, 8);

	/** A member of the project with an access key: the clients sign with the SDK's own BasicCredentials. */
	private static final KeyHolder KEY = KeyHolder.memberOf(PROJECT_ID);

	private final EcsClient ecs = KEY.client(EcsClient.newBuilder());

	private final ImsClient ims = KEY.client(ImsClient.newBuilder());

	@Test
	void createsServersThroughBothCreationOperationsWithTheFieldsSdkUsersSend() {
		String imageId = baseImageId();

		CreatePostPaidServersResponse postPaid = this.ecs.createPostPaidServers(new CreatePostPaidServersRequest()
			.withBody(new CreatePostPaidServersRequestBody().withServer(postPaidServer("web", 2)
				.withMetadata(Map.of("owner", "sdk", "tier", "web"))
				.withIsAutoRename(true))));
		CreateServersResponse prePaid = this.ecs.createServers(new CreateServersRequest()
			.withBody(new CreateServersRequestBody().withServer(new PrePaidServer().withImageRef(imageId)
				.withFlavorRef("s6.medium.2")
				.withName("db")
				.withCount(1)
				.withVpcid("vpc-sdk")
				.withNics(List.of(new PrePaidServerNic().withSubnetId("subnet-sdk")))
				.withRootVolume(new PrePaidServerRootVolume().withVolumetype(PrePaidServerRootVolume.VolumetypeEnum.GPSSD)
					.withSize(30))
				.withMetadata(Map.of("owner", "sdk")))));

		assertThat(postPaid.getHttpStatusCode()).isEqualTo(202);
		assertThat(postPaid.getJobId()).isNotBlank();
		assertThat(postPaid.getServerIds()).hasSize(2).doesNotHaveDuplicates();
		assertThat(prePaid.getHttpStatusCode()).isEqualTo(202);
		assertThat(prePaid.getJobId()).isNotBlank().isNotEqualTo(postPaid.getJobId());
		assertThat(prePaid.getServerIds()).hasSize(1);
		assertThat(prePaid.getOrderId()).isNull();

		ShowJobResponse postPaidJob = awaitJob(postPaid.getJobId());
		assertThat(postPaidJob.getStatus()).isEqualTo(ShowJobResponse.StatusEnum.SUCCESS);
		assertThat(postPaidJob.getJobId()).isEqualTo(postPaid.getJobId());
		assertThat(postPaidJob.getJobType()).isEqualTo("createServer");
		assertThat(postPaidJob.getBeginTime()).isNotBlank();
		assertThat(postPaidJob.getEndTime()).isNotBlank();
		assertThat(postPaidJob.getErrorCode()).isNull();
		assertThat(postPaidJob.getFailReason()).isNull();
		assertThat(postPaidJob.getEntities().getSubJobsTotal()).isEqualTo(2);
		assertThat(postPaidJob.getEntities().getSubJobs()).hasSize(2).allSatisfy((subJob) -> {
			assertThat(subJob.getStatus()).isEqualTo(SubJob.StatusEnum.SUCCESS);
			assertThat(subJob.getJobType()).isEqualTo("createSingleServer");
			assertThat(subJob.getJobId()).isNotBlank();
			assertThat(subJob.getBeginTime()).isNotBlank();
			assertThat(subJob.getEndTime()).isNotBlank();
			assertThat(subJob.getErrorCode()).isNull();
		});
		assertThat(serverIdsOf(postPaidJob)).containsExactlyInAnyOrderElementsOf(postPaid.getServerIds());
		ShowJobResponse prePaidJob = awaitJob(prePaid.getJobId());
		assertThat(prePaidJob.getStatus()).isEqualTo(ShowJobResponse.StatusEnum.SUCCESS);
		assertThat(prePaidJob.getEntities().getSubJobsTotal()).isEqualTo(1);
		assertThat(serverIdsOf(prePaidJob)).containsExactlyElementsOf(prePaid.getServerIds());

		assertThat(postPaid.getServerIds()).map(this::show).allSatisfy((server) -> {
			assertThat(server.getStatus()).isEqualTo("ACTIVE");
			assertThat(server.getOsEXTSTSVmState()).isEqualTo("active");
			assertThat(server.getImage().getId()).isEqualTo(imageId);
			assertThat(server.getFlavor().getId()).isEqualTo("s6.small.1");
			assertThat(server.getFlavor().getVcpus()).isEqualTo("1");
			assertThat(server.getFlavor().getRam()).isEqualTo("1024");
			assertThat(server.getMetadata()).containsExactlyInAnyOrderEntriesOf(Map.of("owner", "sdk", "tier", "web"));
			assertThat(server.getTenantId()).isEqualTo(PROJECT_ID);
			assertThat(server.getUserId()).isEqualTo(KEY.userId);
			assertThat(server.getCreated()).isNotBlank();
		}).map(ServerDetail::getName).containsExactlyInAnyOrder("web-0001", "web-0002");
		ServerDetail db = show(prePaid.getServerIds().get(0));
		assertThat(db.getName()).isEqualTo("db");
		assertThat(db.getStatus()).isEqualTo("ACTIVE");
		assertThat(db.getFlavor().getId()).isEqualTo("s6.medium.2");
		assertThat(db.getFlavor().getRam()).isEqualTo("2048");
		assertThat(db.getMetadata()).containsExactlyEntriesOf(Map.of("owner", "sdk"));
	}

	@Test
	void validatesADryRunOfEitherCreationOperationWithoutCreatingAnything() {
		ServerLimits before = limits();

		CreatePostPaidServersResponse postPaid = this.ecs.createPostPaidServers(new CreatePostPaidServersRequest()
			.withBody(new CreatePostPaidServersRequestBody().withDryRun(true).withServer(postPaidServer("dry", 3))));
		CreateServersResponse prePaid = this.ecs.createServers(new CreateServersRequest().withBody(
				new CreateServersRequestBody().withDryRun(true).withServer(new PrePaidServer().withImageRef(baseImageId())
					.withFlavorRef("s6.small.1")
					.withName("dry")
					.withVpcid("vpc-sdk")
					.withNics(List.of(new PrePaidServerNic().withSubnetId("subnet-sdk")))
					.withRootVolume(new PrePaidServerRootVolume().withVolumetype(PrePaidServerRootVolume.VolumetypeEnum.SSD)))));

		// A passing check is 202 {"dry_run":"passed"}: no field the SDK's models know, so all of them are null.
		assertThat(postPaid.getHttpStatusCode()).isEqualTo(202);
		assertThat(postPaid.getJobId()).isNull();
		assertThat(postPaid.getServerIds()).isNull();
		assertThat(prePaid.getHttpStatusCode()).isEqualTo(202);
		assertThat(prePaid.getJobId()).isNull();
		assertThat(prePaid.getServerIds()).isNull();
		assertThat(prePaid.getOrderId()).isNull();
		assertThatExceptionOfType(ClientRequestException.class)
			.isThrownBy(() -> this.ecs.createPostPaidServers(new CreatePostPaidServersRequest()
				.withBody(new CreatePostPaidServersRequestBody().withDryRun(true)
					.withServer(postPaidServer("dry", 1).withFlavorRef("no.such.flavor")))))
			.satisfies((refused) -> {
				assertThat(refused.getHttpStatusCode()).isEqualTo(400);
				assertThat(refused.getErrorCode()).startsWith("Ecs.");
				assertThat(refused.getErrorMsg()).contains("no.such.flavor");
			});
		assertThat(list(new ListServersDetailsRequest().withName("dry")).getCount()).isZero();
		ServerLimits after = limits();
		assertThat(after.getTotalInstancesUsed()).isEqualTo(before.getTotalInstancesUsed());
		assertThat(after.getTotalCoresUsed()).isEqualTo(before.getTotalCoresUsed());
		assertThat(after.getTotalRAMUsed()).isEqualTo(before.getTotalRAMUsed());
	}

	@Test
	void pagesAndFiltersTheServerListWithTheSdksParameters() {
		CreatePostPaidServersResponse small = create(postPaidServer("lst", 5));
		CreatePostPaidServersResponse medium = create(postPaidServer("lst-m", 1).withFlavorRef("s6.medium.2"));
		assertThat(awaitJob(small.getJobId()).getStatus()).isEqualTo(ShowJobResponse.StatusEnum.SUCCESS);
		assertThat(awaitJob(medium.getJobId()).getStatus()).isEqualTo(ShowJobResponse.StatusEnum.SUCCESS);
		List<String> all = new ArrayList<>(small.getServerIds());
		all.addAll(medium.getServerIds());

		List<String> seen = new ArrayList<>();
		for (int page = 1; page <= 3; page++) {
			ListServersDetailsResponse listed = list(new ListServersDetailsRequest().withName("lst")
				.withLimit(4)
				.withOffset(page));
			assertThat(listed.getCount()).as("count of page %d", page).isEqualTo(6);
			assertThat(listed.getServers()).as("page %d", page).hasSize(List.of(4, 2, 0).get(page - 1));
			listed.getServers().forEach((server) -> seen.add(server.getId()));
		}
		assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(all);
		List<String> seenByMarker = new ArrayList<>();
		String marker = null;
		do {
			List<ServerDetail> page = list(new ListServersDetailsRequest().withName("lst").withLimit(4).withMarker(marker))
				.getServers();
			page.forEach((server) -> seenByMarker.add(server.getId()));
			marker = page.isEmpty() ? null : page.get(page.size() - 1).getId();
		}
		while (marker != null);
		assertThat(seenByMarker).containsExactlyElementsOf(seen);

		assertThat(list(new ListServersDetailsRequest().withName("lst").withFlavor("s6.medium.2")).getServers())
			.singleElement()
			.satisfies((server) -> {
				assertThat(server.getId()).isEqualTo(medium.getServerIds().get(0));
				assertThat(server.getName()).isEqualTo("lst-m");
				assertThat(server.getFlavor().getName()).isEqualTo("s6.medium.2");
				assertThat(server.getFlavor().getDisk()).isEqualTo("20");
			});
		assertThat(list(new ListServersDetailsRequest().withName("lst").withStatus("ACTIVE")).getCount()).isEqualTo(6);
		assertThat(list(new ListServersDetailsRequest().withName("lst").withStatus("SHUTOFF")).getServers()).isEmpty();
		assertThat(list(new ListServersDetailsRequest().withName("lst-0003")).getServers()).extracting(ServerDetail::getId)
			.containsExactly(small.getServerIds().get(2));
	}

	@Test
	void stopsStartsAndRebootsBatchesFailingOnlyTheEcsWhoseStateForbidsIt() {
		CreatePostPaidServersResponse created = create(postPaidServer("ops", 2));
		awaitJob(created.getJobId());
		String first = created.getServerIds().get(0);
		String second = created.getServerIds().get(1);

		ShowJobResponse softStop = awaitJob(this.ecs.batchStopServers(new BatchStopServersRequest()
			.withBody(new BatchStopServersRequestBody().withOsStop(new BatchStopServersOption().withServers(ids(first))
				.withType(BatchStopServersOption.TypeEnum.SOFT))))
			.getJobId());
		assertThat(softStop.getStatus()).isEqualTo(ShowJobResponse.StatusEnum.SUCCESS);
		assertThat(softStop.getJobType()).isEqualTo("stopServer");
		assertThat(serverIdsOf(softStop)).containsExactly(first);
		assertThat(show(first).getStatus()).isEqualTo("SHUTOFF");
		assertThat(show(first).getOsEXTSTSVmState()).isEqualTo("stopped");
		assertThat(list(new ListServersDetailsRequest().withName("ops").withStatus("SHUTOFF")).getServers())
			.extracting(ServerDetail::getId)
			.containsExactly(first);

		ShowJobResponse mixedStart = start(first, second);
		assertThat(mixedStart.getStatus()).isEqualTo(ShowJobResponse.StatusEnum.FAIL);
		assertThat(mixedStart.getJobType()).isEqualTo("startServer");
		assertThat(mixedStart.getErrorCode()).isEqualTo("Ecs.0406");
		assertThat(mixedStart.getFailReason()).isNotBlank();
		assertThat(mixedStart.getEntities().getSubJobsTotal()).isEqualTo(2);
		Map<String, SubJob> outcomes = subJobsByServer(mixedStart);
		assertThat(outcomes.get(first).getStatus()).isEqualTo(SubJob.StatusEnum.SUCCESS);
		assertThat(outcomes.get(first).getErrorCode()).isNull();
		assertThat(outcomes.get(second).getStatus()).isEqualTo(SubJob.StatusEnum.FAIL);
		assertThat(outcomes.get(second).getErrorCode()).isEqualTo("Ecs.0406");
		assertThat(outcomes.get(second).getFailReason()).isNotBlank();
		assertThat(List.of(first, second)).map(this::show).extracting(ServerDetail::getStatus).containsOnly("ACTIVE");

		assertThat(reboot(BatchRebootSeversOption.TypeEnum.SOFT, first, second)).satisfies((job) -> {
			assertThat(job.getStatus()).isEqualTo(ShowJobResponse.StatusEnum.SUCCESS);
			assertThat(job.getJobType()).isEqualTo("rebootServer");
			assertThat(serverIdsOf(job)).containsExactlyInAnyOrder(first, second);
		});
		ShowJobResponse hardStop = awaitJob(this.ecs.batchStopServers(new BatchStopServersRequest()
			.withBody(new BatchStopServersRequestBody().withOsStop(new BatchStopServersOption()
				.withServers(ids(first, second))
				.withType(BatchStopServersOption.TypeEnum.HARD))))
			.getJobId());
		assertThat(hardStop.getStatus()).isEqualTo(ShowJobResponse.StatusEnum.SUCCESS);
		assertThat(hardStop.getEntities().getSubJobs()).extracting(SubJob::getStatus).containsOnly(SubJob.StatusEnum.SUCCESS);
		assertThat(List.of(first, second)).map(this::show).extracting(ServerDetail::getStatus).containsOnly("SHUTOFF");
		ShowJobResponse stoppedReboot = reboot(BatchRebootSeversOption.TypeEnum.HARD, first);
		assertThat(stoppedReboot.getStatus()).isEqualTo(ShowJobResponse.StatusEnum.FAIL);
		assertThat(stoppedReboot.getEntities().getSubJobs()).singleElement()
			.satisfies((subJob) -> assertThat(subJob.getErrorCode()).isEqualTo("Ecs.0406"));

		ShowJobResponse startBoth = start(first, second);
		assertThat(startBoth.getStatus()).isEqualTo(ShowJobResponse.StatusEnum.SUCCESS);
		assertThat(startBoth.getEntities().getSubJobs()).extracting(SubJob::getStatus).containsOnly(SubJob.StatusEnum.SUCCESS);
		assertThat(reboot(BatchRebootSeversOption.TypeEnum.HARD, first, second).getStatus())
			.isEqualTo(ShowJobResponse.StatusEnum.SUCCESS);
		assertThat(List.of(first, second)).map(this::show).extracting(ServerDetail::getStatus).containsOnly("ACTIVE");
	}

	@Test
	void deletesServersWhichThenAreNotFoundAndReleasesTheirQuota() {
		ServerLimits before = limits();
		assertThat(before.getMaxTotalInstances()).isPositive();
		assertThat(before.getMaxTotalCores()).isPositive();
		assertThat(before.getMaxTotalRAMSize()).isPositive();
		assertThat(before.getLimitByFlavor()).isEmpty();

		CreatePostPaidServersResponse created = create(postPaidServer("gone", 2).withFlavorRef("s6.large.2"));
		awaitJob(created.getJobId());
		ServerLimits used = limits();
		assertThat(used.getMaxTotalInstances()).isEqualTo(before.getMaxTotalInstances());
		assertThat(used.getTotalInstancesUsed()).isEqualTo(before.getTotalInstancesUsed() + 2);
		assertThat(used.getTotalCoresUsed()).isEqualTo(before.getTotalCoresUsed() + 2 * 2);
		assertThat(used.getTotalRAMUsed()).isEqualTo(before.getTotalRAMUsed() + 2 * 4096L);

		ShowJobResponse deleted = awaitJob(this.ecs.deleteServers(new DeleteServersRequest()
			.withBody(new DeleteServersRequestBody().withServers(ids(created.getServerIds().toArray(String[]::new)))
				.withDeleteVolume(true)
				.withDeletePublicip(true)))
			.getJobId());
		assertThat(deleted.getStatus()).isEqualTo(ShowJobResponse.StatusEnum.SUCCESS);
		assertThat(deleted.getJobType()).isEqualTo("deleteServer");
		assertThat(serverIdsOf(deleted)).containsExactlyInAnyOrderElementsOf(created.getServerIds());

		String gone = created.getServerIds().get(0);
		assertThatExceptionOfType(ClientRequestException.class)
			.isThrownBy(() -> this.ecs.showServer(new ShowServerRequest().withServerId(gone)))
			.satisfies((notFound) -> {
				assertThat(notFound.getHttpStatusCode()).isEqualTo(404);
				assertThat(notFound.getErrorCode()).isEqualTo("Ecs.0404");
				assertThat(notFound.getErrorMsg()).contains(gone);
				assertThat(notFound.getRequestId()).isNotBlank();
			});
		assertThat(list(new ListServersDetailsRequest().withName("gone")).getCount()).isZero();
		assertThatExceptionOfType(ClientRequestException.class)
			.isThrownBy(() -> this.ecs.showJob(new ShowJobRequest().withJobId(UUID.randomUUID().toString())))
			.satisfies((notFound) -> assertThat(notFound.getHttpStatusCode()).isEqualTo(404));
		ServerLimits released = limits();
		assertThat(released.getTotalInstancesUsed()).isEqualTo(before.getTotalInstancesUsed());
		assertThat(released.getTotalCoresUsed()).isEqualTo(before.getTotalCoresUsed());
		assertThat(released.getTotalRAMUsed()).isEqualTo(before.getTotalRAMUsed());
	}

	private PostPaidServer postPaidServer(String name, int count) {
		return new PostPaidServer().withImageRef(baseImageId())
			.withFlavorRef("s6.small.1")
			.withName(name)
			.withCount(count)
			.withVpcid("vpc-sdk")
			.withNics(List.of(new PostPaidServerNic().withSubnetId("subnet-sdk")))
			.withRootVolume(new PostPaidServerRootVolume().withVolumetype(PostPaidServerRootVolume.VolumetypeEnum.SSD)
				.withSize(40));
	}

	private CreatePostPaidServersResponse create(PostPaidServer server) {
		return this.ecs.createPostPaidServers(
				new CreatePostPaidServersRequest().withBody(new CreatePostPaidServersRequestBody().withServer(server)));
	}

	private ShowJobResponse start(String... serverIds) {
		return awaitJob(this.ecs.batchStartServers(new BatchStartServersRequest()
			.withBody(new BatchStartServersRequestBody().withOsStart(new BatchStartServersOption().withServers(ids(serverIds)))))
			.getJobId());
	}

	private ShowJobResponse reboot(BatchRebootSeversOption.TypeEnum type, String... serverIds) {
		return awaitJob(this.ecs.batchRebootServers(new BatchRebootServersRequest().withBody(
				new BatchRebootServersRequestBody().withReboot(new BatchRebootSeversOption().withServers(ids(serverIds))
					.withType(type))))
			.getJobId());
	}

	private ServerDetail show(String serverId) {
		return this.ecs.showServer(new ShowServerRequest().withServerId(serverId)).getServer();
	}

	private ListServersDetailsResponse list(ListServersDetailsRequest request) {
		return this.ecs.listServersDetails(request);
	}

	private ServerLimits limits() {
		return this.ecs.showServerLimits(new ShowServerLimitsRequest()).getAbsolute();
	}

	/** Polls ShowJob until the job has ended, and answers it. */
	private ShowJobResponse awaitJob(String jobId) {
		assertThat(jobId).isNotBlank();
		return await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.ecs.showJob(new ShowJobRequest().withJobId(jobId)),
					(job) -> List.of(ShowJobResponse.StatusEnum.SUCCESS, ShowJobResponse.StatusEnum.FAIL)
						.contains(job.getStatus()));
	}

	private String baseImageId() {
		List<ImageInfo> images = this.ims
			.listImages(new ListImagesRequest().withName("ims-base-linux").withImagetype(ListImagesRequest.ImagetypeEnum.GOLD))
			.getImages();
		assertThat(images).hasSize(1);
		return images.get(0).getId();
	}

	private static List<ServerId> ids(String... serverIds) {
		return List.of(serverIds).stream().map((id) -> new ServerId().withId(id)).toList();
	}

	private static List<String> serverIdsOf(ShowJobResponse job) {
		return job.getEntities().getSubJobs().stream().map((subJob) -> subJob.getEntities().getServerId()).toList();
	}

	private static Map<String, SubJob> subJobsByServer(ShowJobResponse job) {
		Map<String, SubJob> byServer = new HashMap<>();
		job.getEntities().getSubJobs().forEach((subJob) -> byServer.put(subJob.getEntities().getServerId(), subJob));
		return byServer;
	}

}
