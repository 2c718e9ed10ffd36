/**
 * The services' one door to Kafka: topics, dead letters, the status events they publish, and the adapters behind
 * the ports the services use to send, read and follow messages. Avro classes stay in this package and at the
 * listeners; the domain never sees them.
 */
@NullMarked
package cloud.ims.messaging;

import org.jspecify.annotations.NullMarked;
