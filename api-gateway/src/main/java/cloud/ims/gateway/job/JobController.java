package cloud.ims.gateway.job;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import cloud.ims.core.common.Ids;
import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.image.Images;
import cloud.ims.core.job.JobStatus;
import cloud.ims.core.job.JobType;
import cloud.ims.gateway.security.Caller;
import cloud.ims.gateway.stream.EventStreams;
import cloud.ims.gateway.web.Paging;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Job status: show one (also as Huawei IMS's ShowJobProgress), list the project's, or stream one's changes as
 * server-sent events.
 */
@RestController
class JobController {

	private final JobFeed feed;

	private final Images images;

	private final EventStreams streams;

	JobController(JobFeed feed, Images images, EventStreams streams) {
		this.feed = feed;
		this.images = images;
		this.streams = streams;
	}

	@GetMapping("/v1/{projectId}/jobs/{jobId}")
	Mono<Map<String, Object>> show(Caller caller, @PathVariable String projectId, @PathVariable String jobId) {
		caller.requireProject(projectId);
		return this.feed.find(caller, jobId).map(JobView::of);
	}

	/** Huawei IMS's ShowJobProgress: the caller's project's job, with the name of the image it is about. */
	@GetMapping("/v1/cloudimages/job/{jobId}")
	Mono<Map<String, Object>> progress(Caller caller, @PathVariable String jobId) {
		return this.feed.find(caller, jobId).flatMap((job) -> {
			String imageId = job.entities().get("image_id");
			Mono<Optional<String>> imageName = (imageId != null && Ids.isWellFormed(imageId))
					? this.images.find(new ImageId(imageId)).map((image) -> Optional.of(image.name()))
						.defaultIfEmpty(Optional.empty())
					: Mono.just(Optional.empty());
			return imageName.map((name) -> JobProgressView.of(job, name.orElse(null)));
		});
	}

	@GetMapping("/v1/{projectId}/jobs")
	Mono<Map<String, Object>> list(Caller caller, @PathVariable String projectId,
			@RequestParam(required = false) @Nullable String status,
			@RequestParam(name = "job_type", required = false) @Nullable String jobType,
			@RequestParam(required = false) @Nullable String marker,
			@RequestParam(required = false) @Nullable String limit) {
		caller.requireProject(projectId);
		JobStatus statusFilter = (status != null) ? parseStatus(status) : null;
		JobType typeFilter = (jobType != null) ? parseType(jobType) : null;
		int pageSize = Paging.limit(limit);
		return this.feed.list(caller, statusFilter, typeFilter, marker, pageSize)
			.map(JobView::of)
			.collectList()
			.map((List<Map<String, Object>> page) -> Map.of("jobs", page));
	}

	@GetMapping(path = "/v1/{projectId}/jobs/{jobId}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<Map<String, Object>>> events(Caller caller, @PathVariable String projectId,
			@PathVariable String jobId) {
		caller.requireProject(projectId);
		return this.streams.open(caller, () -> this.feed.follow(caller, jobId)
			.map((job) -> ServerSentEvent.builder(JobView.of(job))
				.event("job")
				.id(job.id().value() + ":" + job.version())
				.build()));
	}

	private static JobStatus parseStatus(String status) {
		try {
			return JobStatus.valueOf(status);
		}
		catch (IllegalArgumentException unknown) {
			throw new ImsException(Kind.INVALID, "IMS.0400",
					"Filter status=" + status + " is not a job status; use INIT, RUNNING, SUCCESS or FAIL.");
		}
	}

	private static JobType parseType(String jobType) {
		try {
			return JobType.fromWireName(jobType);
		}
		catch (IllegalArgumentException unknown) {
			throw new ImsException(Kind.INVALID, "IMS.0400", "Filter job_type=" + jobType + " is not a job type.");
		}
	}

}
