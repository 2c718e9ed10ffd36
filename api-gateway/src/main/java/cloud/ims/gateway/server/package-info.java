@NullMarked
package cloud.ims.gateway.server;

import org.jspecify.annotations.NullMarked;
