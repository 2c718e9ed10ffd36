package cloud.ims.gateway.job;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import cloud.ims.core.job.Job;
import cloud.ims.core.job.JobStatus;
import cloud.ims.core.job.JobType;
import cloud.ims.core.job.SubJob;
import cloud.ims.gateway.web.Times;

/**
 * A job as Huawei Cloud's ShowJob answers it; one shape serves the IMS and the ECS SDK.
 */
public final class JobView {

	private static final Set<JobType> MEMBER_JOBS = Set.of(JobType.ADD_IMAGE_MEMBERS, JobType.UPDATE_IMAGE_MEMBERS,
			JobType.DELETE_IMAGE_MEMBERS);

	private JobView() {
	}

	public static Map<String, Object> of(Job job) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("job_id", job.id().value());
		view.put("job_type", job.type().wireName());
		view.put("status", job.status().name());
		view.put("begin_time", Times.format((job.beginTime() != null) ? job.beginTime() : job.createdAt()));
		view.put("end_time", Times.format(job.endTime()));
		view.put("error_code", job.errorCode());
		view.put("fail_reason", job.failReason());
		view.put("entities", entities(job));
		return view;
	}

	private static Map<String, Object> entities(Job job) {
		Map<String, Object> entities = new LinkedHashMap<>(job.entities());
		entities.put("process_percent", job.processPercent());
		if (!job.subJobs().isEmpty()) {
			entities.put("sub_jobs_total", job.subJobs().size());
			entities.put("sub_jobs", subJobs(job.subJobs()));
		}
		if (MEMBER_JOBS.contains(job.type())) {
			entities.put("results", results(job.subJobs()));
		}
		return entities;
	}

	/**
	 * Huawei's member jobs say in {@code results} what became of each image and project ({@code JobEntitiesResult}:
	 * {@code image_id}, {@code project_id}, {@code status} success or failed), here with the error (ext).
	 */
	private static List<Map<String, Object>> results(List<SubJob> subJobs) {
		return subJobs.stream().map((subJob) -> {
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("image_id", subJob.entities().get("image_id"));
			result.put("project_id", subJob.entities().get("project_id"));
			result.put("status", (subJob.status() == JobStatus.SUCCESS) ? "success" : "failed");
			if (subJob.errorCode() != null) {
				result.put("error_code", subJob.errorCode());
				result.put("fail_reason", subJob.failReason());
			}
			return result;
		}).toList();
	}

	private static List<Map<String, Object>> subJobs(List<SubJob> subJobs) {
		return subJobs.stream().map((subJob) -> {
			Map<String, Object> view = new LinkedHashMap<>();
			view.put("job_id", subJob.id());
			view.put("job_type", subJob.type().wireName());
			view.put("status", subJob.status().name());
			view.put("begin_time", Times.format(subJob.beginTime()));
			view.put("end_time", Times.format(subJob.endTime()));
			view.put("error_code", subJob.errorCode());
			view.put("fail_reason", subJob.failReason());
			view.put("entities", subJob.entities());
			return view;
		}).toList();
	}

}
