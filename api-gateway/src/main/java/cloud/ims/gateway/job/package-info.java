@NullMarked
package cloud.ims.gateway.job;

import org.jspecify.annotations.NullMarked;
