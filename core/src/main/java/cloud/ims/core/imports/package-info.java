/**
 * Rules for importing images from outside: which sources may be fetched.
 */
@NullMarked
package cloud.ims.core.imports;

import org.jspecify.annotations.NullMarked;
