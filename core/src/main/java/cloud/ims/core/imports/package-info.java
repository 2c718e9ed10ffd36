/**
 * Rules for importing images from outside: which sources may be fetched, how fast they must deliver, and how many imports a
 * project may have under way.
 */
@NullMarked
package cloud.ims.core.imports;

import org.jspecify.annotations.NullMarked;
