/**
 * Image exports: the formats an image's data is exported in.
 */
@NullMarked
package cloud.ims.core.export;

import org.jspecify.annotations.NullMarked;
