/**
 * Where image data lives: a port for streaming, hashing and atomically publishing image files, with a filesystem
 * adapter.
 */
@NullMarked
package cloud.ims.core.store;

import org.jspecify.annotations.NullMarked;
