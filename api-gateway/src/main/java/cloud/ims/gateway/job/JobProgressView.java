package cloud.ims.gateway.job;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import cloud.ims.core.job.Job;
import cloud.ims.core.job.SubJob;
import cloud.ims.gateway.web.Times;
import org.jspecify.annotations.Nullable;

/**
 * A job as Huawei IMS's ShowJobProgress answers it: exactly the fields of the SDK's {@code ShowJobProgressResponse},
 * whose entities ({@code JobProgressEntities}) name the image and list the sub-jobs ({@code SubJobResult}, whose
 * entities have room for an image only). Unknown entities are left out, null ones too.
 */
final class JobProgressView {

	private JobProgressView() {
	}

	static Map<String, Object> of(Job job, @Nullable String imageName) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("job_id", job.id().value());
		view.put("job_type", job.type().wireName());
		view.put("status", job.status().name());
		view.put("begin_time", Times.format((job.beginTime() != null) ? job.beginTime() : job.createdAt()));
		view.put("end_time", Times.format(job.endTime()));
		view.put("error_code", job.errorCode());
		view.put("fail_reason", job.failReason());
		Map<String, Object> entities = image(job.entities(), imageName);
		entities.put("process_percent", job.processPercent());
		if (!job.subJobs().isEmpty()) {
			entities.put("sub_jobs_result", job.subJobs().stream().map(JobProgressView::subJob).toList());
			entities.put("sub_jobs_list", job.subJobs().stream().map(SubJob::id).toList());
		}
		view.put("entities", entities);
		return view;
	}

	private static Map<String, Object> subJob(SubJob subJob) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("job_id", subJob.id());
		view.put("job_type", subJob.type().wireName());
		view.put("status", subJob.status().name());
		view.put("begin_time", Times.format(subJob.beginTime()));
		view.put("end_time", Times.format(subJob.endTime()));
		view.put("error_code", subJob.errorCode());
		view.put("fail_reason", subJob.failReason());
		view.put("entities", image(subJob.entities(), null));
		return view;
	}

	private static Map<String, Object> image(Map<String, String> entities, @Nullable String imageName) {
		Map<String, Object> image = new LinkedHashMap<>();
		if (entities.get("image_id") != null) {
			image.put("image_id", entities.get("image_id"));
		}
		if (imageName != null) {
			image.put("image_name", imageName);
		}
		return image;
	}

}
