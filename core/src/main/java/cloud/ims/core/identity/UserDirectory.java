package cloud.ims.core.identity;

import reactor.core.publisher.Mono;

/** The users IMS knows, by id. */
public interface UserDirectory {

	/** Whether the user exists and is enabled: a disabled user's tokens and keys stop working. */
	Mono<Boolean> isEnabled(String userId);

}
