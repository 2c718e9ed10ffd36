package cloud.ims.gateway.identity;

import java.time.Clock;
import java.time.Duration;

import cloud.ims.core.identity.RoleAssignments;
import cloud.ims.core.identity.Users;
import cloud.ims.core.identity.credential.CredentialKey;
import cloud.ims.core.mongo.MongoAccessKeys;
import com.mongodb.reactivestreams.client.MongoDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The access-key store, the credential key read once at start (a configured file that cannot be read stops the start;
 * without one, access keys are refused with {@code IAM.0306}), the verifier and the authenticator of signed requests.
 */
@Configuration(proxyBeanMethods = false)
class AccessKeyConfiguration {

	private static final Logger log = LoggerFactory.getLogger(AccessKeyConfiguration.class);

	@Bean
	MongoAccessKeys accessKeys(MongoDatabase imsDatabase) {
		return new MongoAccessKeys(imsDatabase);
	}

	@Bean
	InitializingBean accessKeyIndexes(MongoAccessKeys accessKeys) {
		return () -> accessKeys.ensureIndexes().block(Duration.ofSeconds(60));
	}

	@Bean
	AccessKeyVault accessKeyVault(AccessKeySettings settings) {
		if (settings.encryptionKeyFile() == null) {
			log.warn("Access keys (AK/SK) are disabled: ims.identity.access-keys.encryption-key-file is not set");
			return new AccessKeyVault(null);
		}
		CredentialKey key = CredentialKey.read(settings.encryptionKeyFile());
		log.info("Access keys (AK/SK) enabled; their secrets are sealed with credential key {} from {}",
				key.fingerprint(), settings.encryptionKeyFile());
		return new AccessKeyVault(key);
	}

	@Bean
	SignedRequestVerifier signedRequestVerifier(Clock clock) {
		return new SignedRequestVerifier(clock);
	}

	@Bean
	AccessKeyAuthenticator accessKeyAuthenticator(MongoAccessKeys accessKeys, AccessKeyVault vault, Users users,
			RoleAssignments roles, SignedRequestVerifier verifier, AccessKeySettings settings, Clock clock) {
		return new AccessKeyAuthenticator(accessKeys, vault, users, roles, verifier, settings, clock);
	}

	@Bean
	AccessKeyManagement accessKeyManagement(MongoAccessKeys accessKeys, Users users, AccessKeyVault vault,
			AccessKeyAuthenticator authenticator, Clock clock) {
		return new AccessKeyManagement(accessKeys, users, vault, authenticator, clock);
	}

}
