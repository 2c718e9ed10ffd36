@NullMarked
package cloud.ims.core.shortlist;

import org.jspecify.annotations.NullMarked;
