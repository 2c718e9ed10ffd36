@NullMarked
package cloud.ims.core.image;

import org.jspecify.annotations.NullMarked;
