/**
 * Spring wiring of the core stores and data-plane adapters, imported by each deployable.
 */
@NullMarked
package cloud.ims.core.spring;

import org.jspecify.annotations.NullMarked;
