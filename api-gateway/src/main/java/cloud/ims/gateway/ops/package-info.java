/**
 * What operators need to see: dead-lettered messages, the published event schemas and the operations view.
 */
@NullMarked
package cloud.ims.gateway.ops;

import org.jspecify.annotations.NullMarked;
