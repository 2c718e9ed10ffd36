/**
 * A stand-in for the VMware Service that keeps real disk files and a shared on-disk inventory, so that workers,
 * retries and several replicas can be exercised without vSphere.
 */
@NullMarked
package cloud.ims.core.compute.simulated;

import org.jspecify.annotations.NullMarked;
