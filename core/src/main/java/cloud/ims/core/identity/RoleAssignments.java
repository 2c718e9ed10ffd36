package cloud.ims.core.identity;

import java.util.Set;

import reactor.core.publisher.Mono;

/** Which roles each user has in each project. */
public interface RoleAssignments {

	/** The user's roles in the project; empty when the user has none there (and may not act in it). */
	Mono<Set<Role>> rolesOf(String userId, String projectId);

}
