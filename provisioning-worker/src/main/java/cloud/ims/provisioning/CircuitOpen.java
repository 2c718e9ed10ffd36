package cloud.ims.provisioning;

/**
 * The VMware Service failed so often lately that calls to it are suspended for a while (the circuit breaker is
 * open): the operation fails fast, without waiting for a service that is down.
 */
final class CircuitOpen extends RuntimeException {

	CircuitOpen() {
		super("The VMware Service is failing; calls to it are suspended for a while (circuit open). Try again in a "
				+ "minute.", null, false, false);
	}

}
