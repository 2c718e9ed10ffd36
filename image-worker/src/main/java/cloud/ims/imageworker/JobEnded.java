package cloud.ims.imageworker;

import cloud.ims.core.job.Job;

/**
 * The job of the work in progress ended meanwhile (the watchdog timed it out, say), so the work stops: whoever ended
 * the job settled its image, and finishing now would only leave data that nothing refers to.
 */
final class JobEnded extends RuntimeException {

	JobEnded(Job job) {
		super("Job " + job.id() + " already ended in " + job.status() + "; its work stops", null, false, false);
	}

}
