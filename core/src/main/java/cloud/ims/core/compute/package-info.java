/**
 * The port to the VMware Service: creating, powering and deleting ECSs and exporting their system disks.
 */
@NullMarked
package cloud.ims.core.compute;

import org.jspecify.annotations.NullMarked;
