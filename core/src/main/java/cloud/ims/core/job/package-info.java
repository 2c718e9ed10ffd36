@NullMarked
package cloud.ims.core.job;

import org.jspecify.annotations.NullMarked;
