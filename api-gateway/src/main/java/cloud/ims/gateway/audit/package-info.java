/**
 * The audit trail of the gateway: every mutating request of both API dialects, identity and the console, and every
 * sign-in, becomes a trace (Cloud Trace Service's fields), recorded off the request path, kept for
 * {@code ims.audit.retention}, listed to admins at {@code GET /v1/admin/audit} and published on
 * {@code ims.audit.events}.
 */
@NullMarked
package cloud.ims.gateway.audit;

import org.jspecify.annotations.NullMarked;
