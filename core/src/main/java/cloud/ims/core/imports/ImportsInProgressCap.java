package cloud.ims.core.imports;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;

/**
 * How many imports a project may have under way at once (jobs that import an image and have not ended): each holds
 * a slot of the image-worker for as long as its source takes, so one project's many slow sources could otherwise
 * take them all. A new import past the cap is refused before anything of it is recorded.
 */
public record ImportsInProgressCap(int max) {

	/** The refusal of an import past the cap (HTTP 429). */
	public static final String CODE = "IMG.0419";

	public ImportsInProgressCap {
		if (max < 1) {
			throw new IllegalArgumentException("ims.quota.imports-in-progress must be at least 1, not " + max);
		}
	}

	/**
	 * Refuses a new import of a project that has {@code inProgress} imports under way already, when that is the cap.
	 * Counting past {@link #max()} is never needed.
	 */
	public void admit(String projectId, long inProgress) {
		if (inProgress >= this.max) {
			throw new ImsException(Kind.QUOTA, CODE, "Project " + projectId + " has " + inProgress
					+ " imports in progress, the most a project may have at once (ims.quota.imports-in-progress = "
					+ this.max + "). Wait until one of them ends (its job is SUCCESS or FAIL), or ask an operator to "
					+ "raise the limit.");
		}
	}

}
