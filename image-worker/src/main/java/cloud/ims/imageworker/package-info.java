@NullMarked
package cloud.ims.imageworker;

import org.jspecify.annotations.NullMarked;
