/**
 * Image inspection and conversion through the {@code qemu-img} tool, bounded in time and memory because the images it
 * reads come from tenants.
 */
@NullMarked
package cloud.ims.core.qemu;

import org.jspecify.annotations.NullMarked;
