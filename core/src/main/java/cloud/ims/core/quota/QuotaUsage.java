package cloud.ims.core.quota;

/**
 * What a project uses of its quotas: images that hold a unit (neither killed nor deleted) and ECSs that hold theirs
 * (neither failed nor deleted).
 */
public record QuotaUsage(int images, ComputeUsage compute) {
}
