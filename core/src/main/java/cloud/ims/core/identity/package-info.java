/**
 * Who may call IMS: users, the projects they work in and their roles there (Keystone's model, as Huawei IAM speaks
 * it), and the permanent access keys programs sign requests with.
 */
@NullMarked
package cloud.ims.core.identity;

import org.jspecify.annotations.NullMarked;
