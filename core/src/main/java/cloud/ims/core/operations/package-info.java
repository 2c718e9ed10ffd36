/**
 * What services tell operators about themselves through the database, so that any gateway instance can show it:
 * the state of each worker's circuit breaker.
 */
@NullMarked
package cloud.ims.core.operations;

import org.jspecify.annotations.NullMarked;
