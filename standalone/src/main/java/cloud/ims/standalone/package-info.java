/**
 * The one-machine launcher: the `ims` command and the composition of the three services in one JVM.
 */
@NullMarked
package cloud.ims.standalone;

import org.jspecify.annotations.NullMarked;
