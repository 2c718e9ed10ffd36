/**
 * What the services measure about jobs for Prometheus, recorded where jobs change (the store) so that no caller has to
 * remember it.
 */
@NullMarked
package cloud.ims.core.metrics;

import org.jspecify.annotations.NullMarked;
