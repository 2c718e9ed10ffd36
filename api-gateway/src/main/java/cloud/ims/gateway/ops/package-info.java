/**
 * What operators need to see: dead-lettered messages, and later the operations dashboards.
 */
@NullMarked
package cloud.ims.gateway.ops;

import org.jspecify.annotations.NullMarked;
