package cloud.ims.core.job;

/**
 * A job's life: {@code INIT -> RUNNING -> SUCCESS | FAIL}.
 */
public enum JobStatus {

	INIT, RUNNING, SUCCESS, FAIL;

	public boolean isTerminal() {
		return this == SUCCESS || this == FAIL;
	}

}
