@NullMarked
package cloud.ims.gateway;

import org.jspecify.annotations.NullMarked;
