@NullMarked
package cloud.ims.core.mongo;

import org.jspecify.annotations.NullMarked;
