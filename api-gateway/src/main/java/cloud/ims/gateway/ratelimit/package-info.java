/**
 * Rate limits: token buckets per project and per user for reads, writes and imports, and per client address and
 * user name for sign-ins, taken by a filter after authentication.
 */
@NullMarked
package cloud.ims.gateway.ratelimit;

import org.jspecify.annotations.NullMarked;
