package cloud.ims.provisioning;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import cloud.ims.core.common.Actor;
import cloud.ims.core.common.Completions;
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

	private final Clock clock;

	private final StoreSteps steps;

	ServerLifecycle(Servers servers, ResilientCompute compute, ComputeRelease release, OperationProgress progress,
			Clock clock, StoreSteps steps) {
		this.steps = steps;
		this.servers = servers;
		this.compute = compute;
		this.release = release;
		this.progress = progress;
		this.clock = clock;
	}

	/** Operates on the ECS; the future completes once the outcome is recorded, and fails only to be retried. */
	CompletableFuture<Void> operate(OperationOrder order) {
		return this.steps.supply(() -> this.servers.find(order.serverId())
			.filter((found) -> found.projectId().equals(order.actor().projectId()))
			.blockOptional(STORE_TIMEOUT))
			.thenCompose((server) -> server.isPresent() ? outcomeOf(order, server.get())
					: CompletableFuture.completedFuture(
							SubJobOutcome.failed("Ecs.0404", "ECS " + order.serverId() + " does not exist.")))
			.thenCompose((outcome) -> this.progress.recordOutcome(order, outcome));
	}

	/**
	 * Deletes an ECS (idempotent), releasing its quota if it still held any; used by rollbacks too. No thread waits
	 * for the VMware Service meanwhile.
	 */
	CompletableFuture<Void> delete(Server server, Actor actor) {
		return this.compute.delete(server.id().value())
			.thenRunAsync(() -> this.servers
				.transition(server.id(), (current) -> current.deleted(this.clock.instant()), actor)
				.flatMap((deleted) -> deleted.before().holdsQuota() ? this.release.release(deleted.before()).then()
						: Mono.<Void>empty())
				.block(STORE_TIMEOUT), this.steps.executor());
	}

	private CompletableFuture<SubJobOutcome> outcomeOf(OperationOrder order, Server server) {
		CompletableFuture<Void> operation;
		try {
			operation = switch (order.operation()) {
				case START -> change(server, order, (current) -> current.started(this.clock.instant()),
						() -> this.compute.start(server.id().value()), VmState.ACTIVE);
				case STOP -> change(server, order, (current) -> current.stopped(this.clock.instant()),
						() -> this.compute.stop(server.id().value(), order.hard()), VmState.SHUTOFF);
				case REBOOT -> change(server, order, (current) -> current.rebooted(this.clock.instant()),
						() -> this.compute.reboot(server.id().value(), order.hard()), VmState.ACTIVE);
				case DELETE -> delete(server, order.actor());
			};
		}
		catch (RuntimeException ex) {
			operation = CompletableFuture.failedFuture(ex);
		}
		return operation.handle((done, failure) -> (failure == null) ? SubJobOutcome.succeeded()
				: outcomeOf(Completions.cause(failure)));
	}

	/** A failure the ECS's sub-job records; anything else is rethrown, to be retried. */
	private static SubJobOutcome outcomeOf(Throwable failure) {
		if (failure instanceof ImsException conflict) {
			return SubJobOutcome.failed(conflict.code(), conflict.getMessage());
		}
		if (failure instanceof CircuitOpen open) {
			return SubJobOutcome.failed("Ecs.0504", open.getMessage());
		}
		if (failure instanceof DriverUnavailable unavailable) {
			return SubJobOutcome.failed("Ecs.0503", "The VMware Service did not answer (" + unavailable.getMessage()
					+ "); retries were exhausted. Try again later.");
		}
		if (failure instanceof DriverFailure || failure instanceof VmNotFound) {
			return SubJobOutcome.failed("Ecs.0500", "The VMware Service refused: " + failure.getMessage());
		}
		throw Failures.rethrow(failure);
	}

	/**
	 * Checks the transition against the ECS first (so a forbidden one never reaches the VMware Service), runs it on
	 * the VM, then stores it. A VM already in the target state (the operation ran before a redelivery) counts as done.
	 */
	private CompletableFuture<Void> change(Server server, OperationOrder order, UnaryOperator<Server> transition,
			Supplier<CompletableFuture<VirtualMachine>> onVm, VmState target) {
		transition.apply(server);
		return onVm.get()
			.<Object>thenApply((vm) -> vm)
			.exceptionallyCompose((failure) -> {
				Throwable cause = Completions.cause(failure);
				if (!(cause instanceof VmStateConflict conflict)) {
					return CompletableFuture.failedFuture(cause);
				}
				return this.compute.find(server.id().value()).thenApply((vm) -> {
					if (vm.isEmpty() || vm.get().state() != target) {
						throw conflict;
					}
					return vm.get();
				});
			})
			.thenAcceptAsync((vm) -> this.servers
				.update(server.id(), (current) -> Optional.of(transition.apply(current)), order.actor())
				.block(STORE_TIMEOUT), this.steps.executor());
	}

}
