package cloud.ims.core.identity;

import java.util.Set;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Which roles each user has in each project. */
public interface RoleAssignments {

	/** The user's roles in the project; empty when the user has none there (and may not act in it). */
	Mono<Set<Role>> rolesOf(String userId, String projectId);

	/** Grants the role; granting it again changes nothing. */
	Mono<Void> grant(RoleAssignment assignment);

	/** Whether the assignment existed (and is now gone). */
	Mono<Boolean> revoke(RoleAssignment assignment);

	Mono<Boolean> exists(RoleAssignment assignment);

	Flux<RoleAssignment> all();

	Flux<RoleAssignment> ofUser(String userId);

	Flux<RoleAssignment> inProject(String projectId);

	/** Removes every role of a user (the user is being deleted). */
	Mono<Void> revokeAllOfUser(String userId);

	/** Removes every role in a project (the project is being deleted). */
	Mono<Void> revokeAllInProject(String projectId);

}
