/**
 * Work that outlives a poll: records are handed to asynchronous work and acknowledged only once done, in offset
 * order, while the consumer keeps polling. A bounded number of operations run at once, whatever the number of
 * partitions and consumer threads; the records of one key run one after the other. The listener containers are set
 * up for it here too ({@link cloud.ims.messaging.inflight.InFlightConfiguration}).
 */
@NullMarked
package cloud.ims.messaging.inflight;

import org.jspecify.annotations.NullMarked;
