package cloud.ims.provisioning;

/**
 * Creating an ECS failed for good: the ECS goes to ERROR with this code and message, and so does its sub-job.
 */
final class ProvisioningFailed extends RuntimeException {

	private final String code;

	ProvisioningFailed(String code, String message) {
		super(message);
		this.code = code;
	}

	String code() {
		return this.code;
	}

}
