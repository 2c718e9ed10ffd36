package cloud.ims.core.quota;

/**
 * ECSs and what they use: instances, vCPUs and RAM. Used both for a project's usage and for a request's demand.
 */
public record ComputeUsage(int instances, int cores, long ramMb) {

	public static final ComputeUsage NONE = new ComputeUsage(0, 0, 0);

	public static ComputeUsage of(int count, int vcpus, int ramMb) {
		return new ComputeUsage(count, count * vcpus, (long) count * ramMb);
	}

	public ComputeUsage plus(ComputeUsage other) {
		return new ComputeUsage(this.instances + other.instances, this.cores + other.cores, this.ramMb + other.ramMb);
	}

	/** Never below zero, so that a repeated release does no harm. */
	public ComputeUsage minus(ComputeUsage other) {
		return new ComputeUsage(Math.max(0, this.instances - other.instances), Math.max(0, this.cores - other.cores),
				Math.max(0, this.ramMb - other.ramMb));
	}

}
