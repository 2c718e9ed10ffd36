package cloud.ims.core.job;

/**
 * The outcome of the sub-job at {@code index} of a batch job.
 */
public record SubJobResult(int index, SubJobOutcome outcome) {
}
