@NullMarked
package cloud.ims.gateway.image;

import org.jspecify.annotations.NullMarked;
