package cloud.ims.core.job;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One unit of a batch job (one ECS of a batch), with its own outcome.
 */
public record SubJob(String id, JobType type, JobStatus status, Map<String, String> entities,
		@Nullable String errorCode, @Nullable String failReason, @Nullable Instant beginTime,
		@Nullable Instant endTime) {

	public static SubJob pending(String id, JobType type, Map<String, String> entities) {
		return new SubJob(id, type, JobStatus.INIT, Map.copyOf(entities), null, null, null, null);
	}

	public SubJob succeeded(Instant at) {
		return new SubJob(this.id, this.type, JobStatus.SUCCESS, this.entities, null, null, beginOr(at), at);
	}

	public SubJob failed(String code, String reason, Instant at) {
		return new SubJob(this.id, this.type, JobStatus.FAIL, this.entities, code, reason, beginOr(at), at);
	}

	private Instant beginOr(Instant at) {
		return (this.beginTime != null) ? this.beginTime : at;
	}

}
