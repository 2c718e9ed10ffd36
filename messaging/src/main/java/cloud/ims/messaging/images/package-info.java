/**
 * The image events as a gateway replica hears them: every replica hears every one, to keep what it holds in memory
 * current with the changes other processes make.
 */
@NullMarked
package cloud.ims.messaging.images;

import org.jspecify.annotations.NullMarked;
