@NullMarked
package cloud.ims.gateway.quota;

import org.jspecify.annotations.NullMarked;
