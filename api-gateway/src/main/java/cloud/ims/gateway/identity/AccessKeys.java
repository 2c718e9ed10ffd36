package cloud.ims.gateway.identity;

import java.util.Optional;

/**
 * The port through which {@link SignedRequestVerifier} finds the secret of an access key; the credential store
 * implements it (or a caller that loaded the key already answers with it).
 */
@FunctionalInterface
public interface AccessKeys {

	/** The secret of this access key (whether or not the key is active), or empty when no such key exists. */
	Optional<AccessKeySecret> find(String accessKey);

}
