@NullMarked
package cloud.ims.core.quota;

import org.jspecify.annotations.NullMarked;
