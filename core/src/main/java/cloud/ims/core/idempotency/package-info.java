/**
 * Remembered answers of requests sent with a client token, so that a retried request is answered, not done again.
 */
@NullMarked
package cloud.ims.core.idempotency;

import org.jspecify.annotations.NullMarked;
