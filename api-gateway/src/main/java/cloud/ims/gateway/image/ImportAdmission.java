package cloud.ims.gateway.image;

import cloud.ims.core.imports.ImportsInProgressCap;
import cloud.ims.core.job.Job;
import cloud.ims.core.job.JobStatus;
import cloud.ims.core.job.JobType;
import cloud.ims.core.job.Jobs;
import cloud.ims.gateway.security.Caller;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Admits a new import of the caller's project only while it has fewer imports under way than its cap: the import jobs
 * of the project that have not ended, counted from the job documents (no further than the cap) before anything of
 * the new import is recorded. Requests that arrive together may each see the count before the others' jobs exist: the
 * cap bounds the imports a project keeps, not a burst of simultaneous requests by a few.
 */
@Component
class ImportAdmission {

	private final Jobs jobs;

	private final ImportsInProgressCap cap;

	ImportAdmission(Jobs jobs, ImportAdmissionSettings settings) {
		this.jobs = jobs;
		this.cap = new ImportsInProgressCap(settings.importsInProgress());
	}

	/** Completes empty when the caller's project may start one more import; an {@code IMG.0419} error otherwise. */
	Mono<Void> admit(Caller caller) {
		String projectId = caller.projectId();
		return Flux
			.concat(this.jobs.list(projectId, JobStatus.INIT, JobType.IMPORT_IMAGE, null, this.cap.max()),
					this.jobs.list(projectId, JobStatus.RUNNING, JobType.IMPORT_IMAGE, null, this.cap.max()))
			// A job that starts between the two reads is in both.
			.distinct(Job::id)
			.take(this.cap.max())
			.count()
			.doOnNext((inProgress) -> this.cap.admit(projectId, inProgress))
			.then();
	}

}
