/**
 * Server-sent event streams: how many may be open, per user and in all, and how long one may stay open.
 */
@NullMarked
package cloud.ims.gateway.stream;

import org.jspecify.annotations.NullMarked;
