/**
 * What operators read from Kafka itself: the dead-lettered messages and how far each consumer group is behind.
 */
@NullMarked
package cloud.ims.messaging.ops;

import org.jspecify.annotations.NullMarked;
