/**
 * Events recorded with the changes they report (a transactional outbox in each document), and the port the relay
 * publishes them through.
 */
@NullMarked
package cloud.ims.core.event;

import org.jspecify.annotations.NullMarked;
