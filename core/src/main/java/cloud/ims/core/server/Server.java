package cloud.ims.core.server;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.compute.VmState;
import cloud.ims.core.image.ImageId;
import org.jspecify.annotations.Nullable;

/**
 * An elastic cloud server (a VM on the VMware Service) as tenants see it. Transitions follow the ECS
 * state machine; a transition that was already made answers empty, so that a replayed command changes nothing.
 */
public record Server(ServerId id, String name, String projectId, String userId, ServerStatus status,
		ImageId imageId, Flavor flavor, int rootVolumeGb, Map<String, String> metadata, @Nullable String description,
		@Nullable Fault fault, String jobId, Instant created, Instant updated, long version) {

	public static Server building(ServerId id, String name, String projectId, String userId, ImageId imageId,
			Flavor flavor, int rootVolumeGb, Map<String, String> metadata, @Nullable String description, String jobId,
			Instant at) {
		return new Server(id, name, projectId, userId, ServerStatus.BUILD, imageId, flavor, rootVolumeGb,
				Map.copyOf(metadata), description, null, jobId, at, at, 0);
	}

	public Optional<Server> built(Instant at) {
		return (this.status == ServerStatus.BUILD) ? Optional.of(with(ServerStatus.ACTIVE, null, at)) : Optional.empty();
	}

	public Optional<Server> failed(Fault fault, Instant at) {
		return (this.status == ServerStatus.BUILD) ? Optional.of(with(ServerStatus.ERROR, fault, at)) : Optional.empty();
	}

	/** Starts a stopped ECS; a state that forbids it is a conflict. */
	public Server started(Instant at) {
		require(ServerStatus.SHUTOFF, "start", "it is not stopped");
		return with(ServerStatus.ACTIVE, null, at);
	}

	public Server stopped(Instant at) {
		require(ServerStatus.ACTIVE, "stop", "it is not running");
		return with(ServerStatus.SHUTOFF, null, at);
	}

	public Server rebooted(Instant at) {
		require(ServerStatus.ACTIVE, "reboot", "only a running ECS can be rebooted");
		return with(ServerStatus.ACTIVE, null, at);
	}

	/**
	 * Follows the power state the VMware Service reports, when it changed behind IMS's back (in vCenter itself, by
	 * HA, by the guest's own shutdown): only a running or stopped ECS follows it, and the same state changes nothing.
	 */
	public Optional<Server> powerObserved(VmState observed, Instant at) {
		ServerStatus following = switch (observed) {
			case ACTIVE -> ServerStatus.ACTIVE;
			case SHUTOFF -> ServerStatus.SHUTOFF;
			case DELETED -> null;
		};
		boolean settled = this.status == ServerStatus.ACTIVE || this.status == ServerStatus.SHUTOFF;
		return (settled && following != null && following != this.status)
				? Optional.of(with(following, null, at)) : Optional.empty();
	}

	/** Deletes the ECS from any state; empty when it is deleted already. */
	public Optional<Server> deleted(Instant at) {
		if (this.status == ServerStatus.DELETED) {
			return Optional.empty();
		}
		return Optional.of(with(ServerStatus.DELETED, this.fault, at));
	}

	/** Whether the ECS still counts against its project's quota: ECSs in ERROR released theirs when they failed. */
	public boolean holdsQuota() {
		return this.status != ServerStatus.ERROR && this.status != ServerStatus.DELETED;
	}

	/** Checks that the ECS can be captured into an image: it must be ACTIVE or SHUTOFF. */
	public void requireCapturable() {
		if (this.status != ServerStatus.ACTIVE && this.status != ServerStatus.SHUTOFF) {
			throw new ImsException(Kind.CONFLICT, "Ecs.0406", "ECS " + this.id + " is " + this.status
					+ "; an image can be created only from an ACTIVE or SHUTOFF ECS. Wait until it is ACTIVE, or stop it.");
		}
	}

	private void require(ServerStatus expected, String operation, String reason) {
		if (this.status != expected) {
			throw new ImsException(Kind.CONFLICT, "Ecs.0406", "Cannot " + operation + " ECS " + this.id + ": it is "
					+ this.status + " and " + reason + ".");
		}
	}

	public Server withVersion(long version) {
		return new Server(this.id, this.name, this.projectId, this.userId, this.status, this.imageId, this.flavor,
				this.rootVolumeGb, this.metadata, this.description, this.fault, this.jobId, this.created, this.updated,
				version);
	}

	private Server with(ServerStatus status, @Nullable Fault fault, Instant at) {
		return new Server(this.id, this.name, this.projectId, this.userId, status, this.imageId, this.flavor,
				this.rootVolumeGb, this.metadata, this.description, fault, this.jobId, this.created, at, this.version);
	}

}
