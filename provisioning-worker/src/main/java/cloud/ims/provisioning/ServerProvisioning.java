package cloud.ims.provisioning;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import cloud.ims.core.common.Completions;
import cloud.ims.core.compute.DriverFailure;
import cloud.ims.core.compute.DriverUnavailable;
import cloud.ims.core.compute.VmNotFound;
import cloud.ims.core.compute.VmSpec;
import cloud.ims.core.compute.VmStateConflict;
import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageData;
import cloud.ims.core.server.Fault;
import cloud.ims.core.server.Flavor;
import cloud.ims.core.server.Server;
import cloud.ims.core.server.ServerStatus;
import cloud.ims.core.server.Servers;
import cloud.ims.core.store.ImageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Creates one ECS of a batch on the VMware Service and records its outcome on the ECS and on its sub-job.
 * Running it twice for the same ECS creates nothing twice: the driver's create is idempotent, and an ECS that
 * is past BUILD only has its outcome recorded again. No thread waits while the VMware Service creates the VM; the
 * store steps around it run on {@link StoreSteps}.
 */
@Component
class ServerProvisioning {

	private static final Logger log = LoggerFactory.getLogger(ServerProvisioning.class);

	private static final Duration STORE_TIMEOUT = Duration.ofSeconds(30);

	private final Servers servers;

	private final ActiveImages images;

	private final ImageStore imageStore;

	private final ResilientCompute compute;

	private final BatchProgress progress;

	private final ComputeRelease release;


	private final Clock clock;

	private final StoreSteps steps;

	ServerProvisioning(Servers servers, ActiveImages images, ImageStore imageStore, ResilientCompute compute,
			BatchProgress progress, ComputeRelease release, Clock clock, StoreSteps steps) {
		this.steps = steps;
		this.servers = servers;
		this.images = images;
		this.imageStore = imageStore;
		this.compute = compute;
		this.progress = progress;
		this.release = release;
		this.clock = clock;
	}

	/**
	 * Provisions the ECS; the future completes once its outcome is recorded, and fails only for what a redelivery may
	 * mend (the store timed out, say): every outcome of the VMware Service is the ECS's.
	 */
	CompletableFuture<Void> provision(ServerOrder order) {
		return this.steps.supply(() -> this.servers
			.findOrInsert(Server.building(order.serverId(), order.name(), order.actor().projectId(),
					order.actor().userId(), order.imageId(), order.flavor(), order.rootVolumeGb(), order.metadata(),
					order.description(), order.jobId().value(), this.clock.instant()), order.actor())
			.block(STORE_TIMEOUT))
			.thenCompose((server) -> (server.status() == ServerStatus.BUILD) ? build(order, server)
					: CompletableFuture.completedFuture(server))
			.thenCompose((server) -> this.progress.recordOutcome(order, server));
	}

	private CompletableFuture<Server> build(ServerOrder order, Server server) {
		return this.steps.supply(() -> spec(order))
			.thenCompose(this.compute::create)
			.thenComposeAsync((vm) -> {
				Server built = this.servers.update(server, (current) -> current.built(this.clock.instant()), order.actor())
					.block(STORE_TIMEOUT);
				if (built.status() == ServerStatus.DELETED) {
					// Deleted while the VMware Service was creating it: the VM it just made must not outlive it.
					return this.compute.delete(server.id().value()).thenApply((deleted) -> built);
				}
				return CompletableFuture.completedFuture(built);
			}, this.steps.executor())
			.exceptionallyComposeAsync((failure) -> failed(order, server, Completions.cause(failure)),
					this.steps.executor());
	}

	private VmSpec spec(ServerOrder order) {
		Image image = this.images.find(order.imageId())
			.orElseThrow(() -> new ProvisioningFailed("Ecs.0115",
					"Image " + order.imageId() + " is no longer active; create the ECS from another image."));
		if (!image.isUsableBy(order.actor().projectId())) {
			// Its owner stopped sharing it (or the project withdrew its acceptance) after the batch was accepted.
			throw new ProvisioningFailed("Ecs.0122", "Image " + order.imageId() + " is no longer shared with project "
					+ order.actor().projectId() + "; create the ECS from another image.");
		}
		ImageData data = image.data();
		Path imageFile = this.imageStore.localPath(image.id().value())
			.orElseThrow(() -> new ProvisioningFailed("Ecs.0116", "The data of image " + image.id()
					+ " is missing from the image store; contact the operators."));
		Flavor flavor = order.flavor();
		return new VmSpec(order.serverId().value(), order.name(), flavor.vcpus(), flavor.ramMb(), order.rootVolumeGb(),
				image.id().value(), imageFile, (data != null) ? data.diskFormat() : "vmdk");
	}

	/** The ECS failed for a reason of its own; anything else fails the future, to be retried. */
	private CompletableFuture<Server> failed(ServerOrder order, Server server, Throwable failure) {
		Fault fault;
		if (failure instanceof ProvisioningFailed provisioning) {
			fault = new Fault(provisioning.code(), provisioning.getMessage());
		}
		else if (failure instanceof CircuitOpen open) {
			fault = new Fault("Ecs.0504", open.getMessage());
		}
		else if (failure instanceof DriverUnavailable unavailable) {
			fault = new Fault("Ecs.0503", "The VMware Service did not create the ECS (" + unavailable.getMessage()
					+ "); retries were exhausted. Create it again later.");
		}
		else if (failure instanceof DriverFailure driverFailure) {
			fault = new Fault("Ecs.0500", "The VMware Service could not create the ECS: " + driverFailure.getMessage());
		}
		else if (failure instanceof VmNotFound || failure instanceof VmStateConflict) {
			// The VM vanished or changed under the create (someone in vCenter deleted or powered it): it is the ECS's
			// failure, not one a redelivery could mend, and it must not leave the ECS in BUILD.
			fault = new Fault("Ecs.0500", "The VMware Service lost the ECS while creating it: " + failure.getMessage());
		}
		else {
			return CompletableFuture.failedFuture(failure);
		}
		return CompletableFuture.completedFuture(fail(order, server, fault));
	}

	private Server fail(ServerOrder order, Server server, Fault fault) {
		log.info("ECS {} of job {} failed: {} {}", server.id(), order.jobId(), fault.code(), fault.message());
		this.servers.transition(server.id(), (current) -> current.failed(fault, this.clock.instant()), order.actor())
			.flatMap((failed) -> this.release.release(failed.before()))
			.block(STORE_TIMEOUT);
		return this.servers.find(server.id()).block(STORE_TIMEOUT);
	}

}
