@NullMarked
package cloud.ims.gateway.idempotency;

import org.jspecify.annotations.NullMarked;
