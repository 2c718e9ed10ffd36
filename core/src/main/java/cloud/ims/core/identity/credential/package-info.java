/**
 * Permanent access keys (AK/SK), as Huawei IAM has them: at most two per user, each active or inactive, their secret
 * kept sealed with a key that lives outside the database.
 */
@NullMarked
package cloud.ims.core.identity.credential;

import org.jspecify.annotations.NullMarked;
