/**
 * Security material of a standalone installation: the self-signed TLS certificate, the JWT signing key and the
 * tokens signed with it, and the key that seals access-key secrets.
 */
@NullMarked
package cloud.ims.standalone.keys;

import org.jspecify.annotations.NullMarked;
