@NullMarked
package cloud.ims.gateway.web;

import org.jspecify.annotations.NullMarked;
