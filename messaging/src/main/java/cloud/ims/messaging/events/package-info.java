/**
 * Events as subscribers get them: encoded in the stores' writes ({@link cloud.ims.messaging.events.AvroChangeEvents})
 * and published from the documents by one relay at a time ({@link cloud.ims.messaging.events.EventRelay}).
 */
@NullMarked
package cloud.ims.messaging.events;

import org.jspecify.annotations.NullMarked;
