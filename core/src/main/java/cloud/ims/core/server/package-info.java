@NullMarked
package cloud.ims.core.server;

import org.jspecify.annotations.NullMarked;
