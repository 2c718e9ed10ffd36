/**
 * The audit trail's traces on Kafka ({@code ims.audit.events}), for auditors' and SIEMs' subscribers.
 */
@NullMarked
package cloud.ims.messaging.audit;

import org.jspecify.annotations.NullMarked;
