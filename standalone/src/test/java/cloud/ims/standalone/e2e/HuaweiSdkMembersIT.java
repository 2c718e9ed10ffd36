package cloud.ims.standalone.e2e;

import java.util.List;

import com.huaweicloud.sdk.core.exception.ClientRequestException;
import com.huaweicloud.sdk.ims.v2.ImsClient;
import com.huaweicloud.sdk.ims.v2.model.BatchAddMembersRequest;
import com.huaweicloud.sdk.ims.v2.model.BatchAddMembersRequestBody;
import com.huaweicloud.sdk.ims.v2.model.BatchDeleteMembersRequest;
import com.huaweicloud.sdk.ims.v2.model.BatchUpdateMembersRequest;
import com.huaweicloud.sdk.ims.v2.model.BatchUpdateMembersRequestBody;
import com.huaweicloud.sdk.ims.v2.model.GlanceAddImageMemberRequest;
import com.huaweicloud.sdk.ims.v2.model.GlanceAddImageMemberRequestBody;
import com.huaweicloud.sdk.ims.v2.model.GlanceAddImageMemberResponse;
import com.huaweicloud.sdk.ims.v2.model.GlanceDeleteImageMemberRequest;
import com.huaweicloud.sdk.ims.v2.model.GlanceImageMembers;
import com.huaweicloud.sdk.ims.v2.model.GlanceListImageMemberSchemasRequest;
import com.huaweicloud.sdk.ims.v2.model.GlanceListImageMembersRequest;
import com.huaweicloud.sdk.ims.v2.model.GlanceShowImageMemberRequest;
import com.huaweicloud.sdk.ims.v2.model.GlanceShowImageMemberSchemasRequest;
import com.huaweicloud.sdk.ims.v2.model.GlanceUpdateImageMemberRequest;
import com.huaweicloud.sdk.ims.v2.model.GlanceUpdateImageMemberRequestBody;
import com.huaweicloud.sdk.ims.v2.model.ImageInfo;
import com.huaweicloud.sdk.ims.v2.model.JobEntitiesResult;
import com.huaweicloud.sdk.ims.v2.model.ListImagesRequest;
import com.huaweicloud.sdk.ims.v2.model.ShowJobProgressRequest;
import com.huaweicloud.sdk.ims.v2.model.ShowJobRequest;
import com.huaweicloud.sdk.ims.v2.model.ShowJobResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Sharing images with the official Huawei Cloud SDK, signing with access keys: BatchAddMembers, BatchUpdateMembers
 * and BatchDeleteMembers answer a job that ShowJob and ShowJobProgress parse, whose results say per image and
 * project what happened; ListImages with {@code __imagetype=shared} and {@code member_status}; and the SDK's own
 * Glance member calls and member schemas.
 */
class HuaweiSdkMembersIT {

	private final KeyHolder owner = KeyHolder.newMember();

	private final KeyHolder member = KeyHolder.newMember();

	private final ImsClient asOwner = this.owner.client(ImsClient.newBuilder());

	private final ImsClient asMember = this.member.client(ImsClient.newBuilder());

	@Test
	void sharesAcceptsAndUnsharesImagesInBatchesWithAJobThatSaysWhatHappened() {
		String first = image("sdk-shared-1");
		String second = image("sdk-shared-2");

		ShowJobResponse added = job(this.asOwner, this.asOwner.batchAddMembers(new BatchAddMembersRequest()
			.withBody(new BatchAddMembersRequestBody().withImages(List.of(first, second))
				.withProjects(List.of(this.member.projectId, "no-such-project"))))
			.getJobId());

		assertThat(added.getStatus()).hasToString("FAIL");
		assertThat(added.getJobType()).isEqualTo("imsAddImageMembersJob");
		assertThat(added.getErrorCode()).isEqualTo("IMG.0708");
		assertThat(added.getEntities().getResults())
			.extracting(JobEntitiesResult::getImageId, JobEntitiesResult::getProjectId, JobEntitiesResult::getStatus)
			.containsExactly(tuple(first, this.member.projectId, "success"), tuple(first, "no-such-project", "failed"),
					tuple(second, this.member.projectId, "success"), tuple(second, "no-such-project", "failed"));
		assertThat(this.asOwner.showJobProgress(new ShowJobProgressRequest().withJobId(added.getJobId()))
			.getStatus()).hasToString("FAIL");

		assertThat(shared(ListImagesRequest.MemberStatusEnum.PENDING)).extracting(ImageInfo::getId)
			.containsExactlyInAnyOrder(first, second);
		assertThat(shared(null)).as("pending images are listed only when asked for").isEmpty();

		ShowJobResponse accepted = job(this.asMember, this.asMember.batchUpdateMembers(new BatchUpdateMembersRequest()
			.withBody(new BatchUpdateMembersRequestBody().withImages(List.of(first, second))
				.withProjectId(this.member.projectId)
				.withStatus(BatchUpdateMembersRequestBody.StatusEnum.ACCEPTED)))
			.getJobId());

		assertThat(accepted.getStatus()).hasToString("SUCCESS");
		assertThat(accepted.getJobType()).isEqualTo("imsUpdateImageMembersJob");
		List<ImageInfo> shared = shared(null);
		assertThat(shared).extracting(ImageInfo::getId).containsExactlyInAnyOrder(first, second);
		assertThat(shared).extracting(ImageInfo::getImagetype, ImageInfo::getVisibility, ImageInfo::getOwner)
			.containsOnly(tuple(ImageInfo.ImagetypeEnum.SHARED, ImageInfo.VisibilityEnum.SHARED, this.owner.projectId));
		assertThat(this.asOwner.listImages(new ListImagesRequest().withImagetype(ListImagesRequest.ImagetypeEnum.PRIVATE))
			.getImages()).extracting(ImageInfo::getId, ImageInfo::getImagetype)
			.contains(tuple(first, ImageInfo.ImagetypeEnum.PRIVATE));

		ShowJobResponse removed = job(this.asOwner, this.asOwner.batchDeleteMembers(new BatchDeleteMembersRequest()
			.withBody(new BatchAddMembersRequestBody().withImages(List.of(first)).withProjects(List.of(this.member.projectId))))
			.getJobId());

		assertThat(removed.getStatus()).hasToString("SUCCESS");
		assertThat(removed.getJobType()).isEqualTo("imsDelImageMembersJob");
		assertThat(shared(null)).extracting(ImageInfo::getId).containsExactly(second);
	}

	@Test
	void refusesMembersWhoTryToShareAndAnswersThatAreNotTheirsUpFront() {
		String image = image("sdk-guarded");
		job(this.asOwner, this.asOwner.batchAddMembers(new BatchAddMembersRequest().withBody(
				new BatchAddMembersRequestBody().withImages(List.of(image)).withProjects(List.of(this.member.projectId))))
			.getJobId());
		KeyHolder third = KeyHolder.newMember();

		ClientRequestException reshared = catchThrowableOfType(ClientRequestException.class,
				() -> this.asMember.batchAddMembers(new BatchAddMembersRequest().withBody(new BatchAddMembersRequestBody()
					.withImages(List.of(image))
					.withProjects(List.of(third.projectId)))));

		assertThat(reshared.getHttpStatusCode()).isEqualTo(403);
		assertThat(reshared.getErrorCode()).isEqualTo("IMG.0703");
		ClientRequestException notItsAnswer = catchThrowableOfType(ClientRequestException.class,
				() -> this.asOwner.batchUpdateMembers(new BatchUpdateMembersRequest().withBody(
						new BatchUpdateMembersRequestBody().withImages(List.of(image))
							.withProjectId(this.member.projectId)
							.withStatus(BatchUpdateMembersRequestBody.StatusEnum.ACCEPTED))));
		assertThat(notItsAnswer.getHttpStatusCode()).isEqualTo(403);
		assertThat(notItsAnswer.getErrorCode()).isEqualTo("IMG.0704");
		assertThat(this.asOwner.glanceListImageMembers(new GlanceListImageMembersRequest().withImageId(image))
			.getMembers()).extracting(GlanceImageMembers::getMemberId, GlanceImageMembers::getStatus)
			.containsExactly(tuple(this.member.projectId, "pending"));
	}

	@Test
	void drivesTheSdksGlanceMemberCallsAndSchemas() {
		String image = image("sdk-glance-members");

		GlanceAddImageMemberResponse added = this.asOwner.glanceAddImageMember(new GlanceAddImageMemberRequest()
			.withImageId(image)
			.withBody(new GlanceAddImageMemberRequestBody().withMember(this.member.projectId)));

		assertThat(added.getStatus()).isEqualTo("pending");
		assertThat(added.getImageId()).isEqualTo(image);
		assertThat(added.getMemberId()).isEqualTo(this.member.projectId);
		assertThat(added.getSchema()).isEqualTo("/v2/schemas/member");
		assertThat(added.getCreatedAt()).isNotBlank();

		assertThat(this.asMember.glanceUpdateImageMember(new GlanceUpdateImageMemberRequest().withImageId(image)
			.withMemberId(this.member.projectId)
			.withBody(new GlanceUpdateImageMemberRequestBody()
				.withStatus(GlanceUpdateImageMemberRequestBody.StatusEnum.REJECTED)))
			.getStatus()).isEqualTo("rejected");
		assertThat(this.asOwner.glanceShowImageMember(new GlanceShowImageMemberRequest().withImageId(image)
			.withMemberId(this.member.projectId)).getStatus()).isEqualTo("rejected");
		assertThat(shared(ListImagesRequest.MemberStatusEnum.REJECTED)).extracting(ImageInfo::getId)
			.containsExactly(image);

		assertThat(this.asOwner.glanceShowImageMemberSchemas(new GlanceShowImageMemberSchemasRequest()).getName())
			.isEqualTo("member");
		assertThat(this.asOwner.glanceListImageMemberSchemas(new GlanceListImageMemberSchemasRequest()).getName())
			.isEqualTo("members");

		assertThat(this.asOwner.glanceDeleteImageMember(new GlanceDeleteImageMemberRequest().withImageId(image)
			.withMemberId(this.member.projectId)).getHttpStatusCode()).isEqualTo(204);
		assertThat(this.asOwner.glanceListImageMembers(new GlanceListImageMembersRequest().withImageId(image))
			.getMembers()).isEmpty();
		assertThat(shared(ListImagesRequest.MemberStatusEnum.REJECTED)).isEmpty();
	}

	/** An active private image of the owner's project. */
	private String image(String name) {
		return ImageFixture.anActivePrivateImage(this.owner.projectId, name).id().value();
	}

	/** The images shared with the member's project, by its answer (accepted when null). */
	private List<ImageInfo> shared(ListImagesRequest.MemberStatusEnum status) {
		return this.asMember.listImages(new ListImagesRequest().withImagetype(ListImagesRequest.ImagetypeEnum.SHARED)
			.withMemberStatus(status)).getImages();
	}

	/** The job as ShowJob answers it; it has ended by the time the batch call answers. */
	private static ShowJobResponse job(ImsClient client, String jobId) {
		return client.showJob(new ShowJobRequest().withJobId(jobId));
	}

}
