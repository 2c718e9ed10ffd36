package cloud.ims.provisioning;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;

import cloud.ims.core.common.Actor;
import cloud.ims.core.common.ImsException;
import cloud.ims.core.compute.DriverFailure;
import cloud.ims.core.compute.DriverUnavailable;
import cloud.ims.core.compute.VirtualMachine;
import cloud.ims.core.compute.VmNotFound;
import cloud.ims.core.compute.VmState;
import cloud.ims.core.compute.VmStateConflict;
import cloud.ims.core.job.SubJobOutcome;
import cloud.ims.core.server.Server;
import cloud.ims.core.server.Servers;
import cloud.ims.messages.ServerChange;
import cloud.ims.messaging.StatusEvents;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Starts, stops, reboots or deletes one ECS of a batch operation on the VMware Service, and records the outcome in
 * its own sub-job: an operation the ECS's state forbids fails there with a clear code and does not fail the others.
 * A redelivered operation whose effect is already there (the VM runs after a start) is not an error.
 */
@Component
class ServerLifecycle {

	private static final Duration STORE_TIMEOUT = Duration.ofSeconds(30);

	private final Servers servers;

	private final ResilientCompute compute;

	private final ComputeRelease release;

	private final OperationProgress progress;

	private final StatusEvents events;

	private final Clock clock;

	ServerLifecycle(Servers servers, ResilientCompute compute, ComputeRelease release, OperationProgress progress,
			StatusEvents events, Clock clock) {
		this.servers = servers;
		this.compute = compute;
		this.release = release;
		this.progress = progress;
		this.events = events;
		this.clock = clock;
	}

	void operate(OperationOrder order) {
		this.progress.recordOutcome(order, outcomeOf(order));
	}

	/** Deletes an ECS (idempotent), releasing its quota if it still held any; used by rollbacks too. */
	void delete(Server server, Actor actor) {
		this.compute.delete(server.id().value());
		this.servers.transition(server.id(), (current) -> current.deleted(this.clock.instant()))
			.flatMap((deleted) -> {
				this.events.serverChanged(deleted.after(), ServerChange.DELETED, actor);
				return deleted.before().holdsQuota() ? this.release.release(deleted.before()).then() : Mono.<Void>empty();
			})
			.block(STORE_TIMEOUT);
	}

	private SubJobOutcome outcomeOf(OperationOrder order) {
		Server server = this.servers.find(order.serverId())
			.filter((found) -> found.projectId().equals(order.actor().projectId()))
			.block(STORE_TIMEOUT);
		if (server == null) {
			return SubJobOutcome.failed("Ecs.0404", "ECS " + order.serverId() + " does not exist.");
		}
		try {
			switch (order.operation()) {
				case START -> change(server, order, (current) -> current.started(this.clock.instant()),
						() -> this.compute.start(server.id().value()), VmState.ACTIVE);
				case STOP -> change(server, order, (current) -> current.stopped(this.clock.instant()),
						() -> this.compute.stop(server.id().value(), order.hard()), VmState.SHUTOFF);
				case REBOOT -> change(server, order, (current) -> current.rebooted(this.clock.instant()),
						() -> this.compute.reboot(server.id().value(), order.hard()), VmState.ACTIVE);
				case DELETE -> delete(server, order.actor());
			}
			return SubJobOutcome.succeeded();
		}
		catch (ImsException conflict) {
			return SubJobOutcome.failed(conflict.code(), conflict.getMessage());
		}
		catch (CircuitOpen open) {
			return SubJobOutcome.failed("Ecs.0504", open.getMessage());
		}
		catch (DriverUnavailable unavailable) {
			return SubJobOutcome.failed("Ecs.0503", "The VMware Service did not answer (" + unavailable.getMessage()
					+ "); retries were exhausted. Try again later.");
		}
		catch (DriverFailure | VmNotFound failure) {
			return SubJobOutcome.failed("Ecs.0500", "The VMware Service refused: " + failure.getMessage());
		}
	}

	/**
	 * Checks the transition against the ECS first (so a forbidden one never reaches the VMware Service), runs it on
	 * the VM, then stores it. A VM already in the target state (the operation ran before a redelivery) counts as done.
	 */
	private void change(Server server, OperationOrder order, UnaryOperator<Server> transition,
			Runnable onVm, VmState target) {
		try {
			transition.apply(server);
			onVm.run();
		}
		catch (VmStateConflict conflict) {
			Optional<VirtualMachine> vm = this.compute.find(server.id().value());
			if (vm.isEmpty() || vm.get().state() != target) {
				throw conflict;
			}
		}
		Server changed = this.servers.update(server.id(), (current) -> Optional.of(transition.apply(current)))
			.block(STORE_TIMEOUT);
		this.events.serverChanged(changed, ServerChange.STATUS_CHANGED, order.actor());
	}

}
