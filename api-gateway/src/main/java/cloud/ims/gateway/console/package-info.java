/**
 * The management console under {@code /console}: server-rendered pages (Thymeleaf) made interactive with htmx,
 * signed in with the same token as the API, kept in an HttpOnly cookie. Its controllers call the gateway's own
 * services, so the console follows exactly the API's rules.
 */
@NullMarked
package cloud.ims.gateway.console;

import org.jspecify.annotations.NullMarked;
