@NullMarked
package cloud.ims.provisioning;

import org.jspecify.annotations.NullMarked;
