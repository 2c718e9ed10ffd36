package cloud.ims.core.event;

/**
 * An event recorded in the same document write as the change it reports, waiting for the relay to publish it.
 * {@code payload} is the encoded event; the relay stamps it with its resource version as it publishes.
 */
public record PendingEvent(String id, String topic, String key, byte[] payload) {
}
