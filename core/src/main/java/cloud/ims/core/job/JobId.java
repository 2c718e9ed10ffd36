package cloud.ims.core.job;

import cloud.ims.core.common.Ids;

/**
 * The id of job: a UUID.
 */
public record JobId(String value) {

	public static JobId newId() {
		return new JobId(Ids.newId());
	}

	@Override
	public String toString() {
		return this.value;
	}

}
