package cloud.ims.gateway.image;

import java.util.List;
import java.util.Map;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.image.MemberStatus;
import cloud.ims.core.job.JobId;
import cloud.ims.gateway.security.Caller;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Huawei IMS's batch member calls (BatchAddMembers, BatchUpdateMembers, BatchDeleteMembers), with the SDK's request
 * bodies; each answers {@code {"job_id"}} (200, as Huawei does) of a job whose {@code entities.results} say what
 * became of each image and project.
 */
@RestController
class CloudImageMemberController {

	private final ImageSharing sharing;

	CloudImageMemberController(ImageSharing sharing) {
		this.sharing = sharing;
	}

	@PostMapping("/v1/cloudimages/members")
	Mono<Map<String, Object>> add(Caller caller, @RequestBody Members body) {
		return this.sharing.addAll(caller, body.images(), body.projects()).map(CloudImageMemberController::job);
	}

	@PutMapping("/v1/cloudimages/members")
	Mono<Map<String, Object>> answer(Caller caller, @RequestBody Answer body) {
		return this.sharing.answerAll(caller, body.images(), body.checkedProject(), body.checkedStatus())
			.map(CloudImageMemberController::job);
	}

	@DeleteMapping("/v1/cloudimages/members")
	Mono<Map<String, Object>> remove(Caller caller, @RequestBody Members body) {
		return this.sharing.removeAll(caller, body.images(), body.projects()).map(CloudImageMemberController::job);
	}

	private static Map<String, Object> job(JobId jobId) {
		return Map.of("job_id", jobId.value());
	}

	/** The SDK's {@code BatchAddMembersRequestBody} (also the body of BatchDeleteMembers). */
	record Members(@Nullable List<String> images, @Nullable List<String> projects) {
	}

	/**
	 * The SDK's {@code BatchUpdateMembersRequestBody}; {@code vault_id} (a CBR vault for full-ECS images) means nothing
	 * here and is ignored.
	 */
	record Answer(@Nullable List<String> images, @JsonProperty("project_id") @Nullable String projectId,
			@Nullable String status, @JsonProperty("vault_id") @Nullable String vaultId) {

		String checkedProject() {
			if (this.projectId == null || this.projectId.isBlank()) {
				throw new ImsException(Kind.INVALID, "IMG.0707", "Give project_id, the project that accepts or rejects.");
			}
			return this.projectId;
		}

		MemberStatus checkedStatus() {
			MemberStatus status = MemberStatus.fromWireName((this.status != null) ? this.status : "")
				.orElseThrow(() -> new ImsException(Kind.INVALID, "IMG.0707", "status '" + this.status
						+ "' is invalid; use accepted or rejected."));
			if (status == MemberStatus.PENDING) {
				throw new ImsException(Kind.INVALID, "IMG.0707", "status 'pending' is not an answer here; use accepted or "
						+ "rejected (Glance's PUT /v2/images/{id}/members/{member_id} sets pending).");
			}
			return status;
		}

	}

}
