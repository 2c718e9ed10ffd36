/**
 * Keystone v3, as Huawei IAM speaks it: password sign-in issuing the gateway's own tokens, their validation and
 * revocation, and the admin API of users, projects and role assignments, so that the OpenStack clients work with
 * a user name and password.
 */
@NullMarked
package cloud.ims.gateway.keystone;

import org.jspecify.annotations.NullMarked;
