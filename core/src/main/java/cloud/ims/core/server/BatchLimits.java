package cloud.ims.core.server;

/**
 * The operator's limits on one request for ECSs: the largest batch and the largest system disk.
 */
public record BatchLimits(int maxCount, int maxRootVolumeGb) {
}
