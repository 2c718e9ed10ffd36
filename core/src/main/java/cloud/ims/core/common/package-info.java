@NullMarked
package cloud.ims.core.common;

import org.jspecify.annotations.NullMarked;
