/**
 * The audit trail: one trace per mutating request and per sign-in (who, in which project, did what to which
 * resource, with what result, from where), kept for the retention time, listed to admins and published to
 * subscribers, as Huawei's Cloud Trace Service keeps its traces.
 */
@NullMarked
package cloud.ims.core.audit;

import org.jspecify.annotations.NullMarked;
