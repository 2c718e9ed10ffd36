@NullMarked
package cloud.ims.gateway.security;

import org.jspecify.annotations.NullMarked;
