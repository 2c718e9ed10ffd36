/**
 * Topic names and the Kafka serde for the Avro messages in {@code cloud.ims.messages}.
 */
@NullMarked
package cloud.ims.schemas;

import org.jspecify.annotations.NullMarked;
