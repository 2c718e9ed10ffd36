/**
 * Identity: who signed a request. For now the verification of requests signed with an access key the way the
 * Huawei Cloud SDKs sign them ({@code SDK-HMAC-SHA256}).
 */
@NullMarked
package cloud.ims.gateway.identity;

import org.jspecify.annotations.NullMarked;
