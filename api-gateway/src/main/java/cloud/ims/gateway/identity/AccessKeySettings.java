package cloud.ims.gateway.identity;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Permanent access keys (AK/SK).
 *
 * @param encryptionKeyFile the AES-256 key (32 bytes, Base64) that seals the keys' secrets in the database; without
 * it, access keys can be neither created nor used
 * @param cacheTtl how long a gateway keeps a key (its secret opened) and a user's roles in a project in memory: the
 * longest a key disabled or deleted through another gateway replica, or a role revoked, goes on working here
 * @param maxSignedBody the largest body a signed request may have when its hash is signed (it is read whole to be
 * hashed); larger bodies are sent with {@code X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD}, as the SDK sends uploads
 */
@ConfigurationProperties("ims.identity.access-keys")
public record AccessKeySettings(@Nullable Path encryptionKeyFile, @DefaultValue("10s") Duration cacheTtl,
		@DefaultValue("1MB") DataSize maxSignedBody) {

}
