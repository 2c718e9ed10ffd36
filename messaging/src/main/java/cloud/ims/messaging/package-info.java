/**
 * The Kafka side the services share: topics, dead letters, and the status events they publish.
 * Avro classes stay in this package and at the listeners; the domain never sees them.
 */
@NullMarked
package cloud.ims.messaging;

import org.jspecify.annotations.NullMarked;
