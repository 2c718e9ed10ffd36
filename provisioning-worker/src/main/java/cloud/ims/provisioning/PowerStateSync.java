package cloud.ims.provisioning;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import cloud.ims.core.common.Actor;
import cloud.ims.core.common.Completions;
import cloud.ims.core.compute.VirtualMachine;
import cloud.ims.core.compute.VmState;
import cloud.ims.core.server.Server;
import cloud.ims.core.server.ServerId;
import cloud.ims.core.server.Servers;
import cloud.ims.core.spring.DataPlaneSettings;
import cloud.ims.messaging.commands.KafkaServerCommands;
import cloud.ims.messaging.commands.OwnedServers;
import cloud.ims.messaging.inflight.InFlightWork;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps each ECS's status in step with the power state the VMware Service reports when it changed behind IMS's back
 * (in vCenter itself, by HA, by the guest's own shutdown). Every {@code ims.driver.power-sync-interval}, one listing
 * of the service's power states is compared with the stored ECSs of the partitions this worker owns, so that every ECS
 * has one checker, the worker that runs its commands. Each ECS that differs is checked again as work in flight under
 * its key, so that it never races the ECS's own commands (they queue behind it): the VM is read again, and the status
 * changes by a compare-and-set on the version read before, which records the change's one event.
 */
@Component
class PowerStateSync implements InitializingBean, DisposableBean {

	/** The user IMS names as the actor of a change the VMware Service made. */
	static final String ACTOR = "vmware-service";

	private static final Logger log = LoggerFactory.getLogger(PowerStateSync.class);

	private static final Duration STORE_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration LISTING_TIMEOUT = Duration.ofMinutes(2);

	private final ResilientCompute compute;

	private final Servers servers;

	private final InFlightWork work;

	private final KafkaServerCommands commands;

	private final StoreSteps steps;

	private final Clock clock;

	private final Duration interval;

	private final Counter followed;

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemonThreads());

	PowerStateSync(ResilientCompute compute, Servers servers, InFlightWork work,
			KafkaServerCommands commands, StoreSteps steps, Clock clock,
			DataPlaneSettings settings, MeterRegistry meterRegistry) {
		this.compute = compute;
		this.servers = servers;
		this.work = work;
		this.commands = commands;
		this.steps = steps;
		this.clock = clock;
		this.interval = settings.driver().powerSyncInterval();
		this.followed = Counter.builder("ims.servers.power.followed")
			.description("ECS status changes that followed a power state changed outside IMS")
			.register(meterRegistry);
	}

	@Override
	public void afterPropertiesSet() {
		if (!this.interval.isZero()) {
			this.timer.scheduleWithFixedDelay(this::syncQuietly, this.interval.toMillis(), this.interval.toMillis(),
					TimeUnit.MILLISECONDS);
		}
	}

	@Override
	public void destroy() {
		this.timer.shutdownNow();
	}

	/**
	 * Compares once and submits a check for every ECS of this worker's partitions whose stored status differs from its
	 * power state; answers how many checks it submitted.
	 */
	int syncOnce() {
		OwnedServers owned = this.commands.ownedBy(this.work);
		if (owned.isEmpty()) {
			return 0;
		}
		Map<String, VmState> observed = powerStates();
		List<ServerId> mine = observed.keySet().stream().map(ServerId::new).filter(owned::contains).toList();
		List<Server> differing = this.servers.findAll(mine)
			.filter((server) -> server.powerObserved(observed.get(server.id().value()), this.clock.instant())
				.isPresent())
			.collectList()
			.blockOptional(STORE_TIMEOUT)
			.orElse(List.of());
		int submitted = 0;
		for (Server server : differing) {
			if (owned.runIfIdle(server.id(), () -> follow(server))) {
				submitted++;
			}
		}
		return submitted;
	}

	/** Reads the VM again, now that none of the ECS's commands can run, and follows it unless the ECS changed since. */
	private CompletableFuture<Void> follow(Server known) {
		return this.compute.find(known.id().value()).thenAcceptAsync((vm) -> {
			if (vm.isEmpty()) {
				return;
			}
			VirtualMachine current = vm.get();
			this.servers
				.transition(known.id(), (stored) -> (stored.version() == known.version())
						? stored.powerObserved(current.state(), this.clock.instant()) : Optional.empty(),
						new Actor(known.projectId(), ACTOR, "power-sync-" + UUID.randomUUID()))
				.blockOptional(STORE_TIMEOUT)
				.ifPresent((changed) -> {
					log.info("ECS {} is {} in the VMware Service, changed outside IMS; it was {}", known.id(),
							changed.after().status(), changed.before().status());
					this.followed.increment();
				});
		}, this.steps.executor());
	}

	private Map<String, VmState> powerStates() {
		try {
			return this.compute.powerStates().get(LISTING_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Map.of();
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("listing the power states failed", Completions.cause(ex));
		}
	}

	private void syncQuietly() {
		try {
			syncOnce();
		}
		catch (RuntimeException ex) {
			log.warn("Could not compare the ECSs with the VMware Service's power states; trying again in {}: {}",
					this.interval, Completions.cause(ex).toString());
		}
	}

	private static CustomizableThreadFactory daemonThreads() {
		CustomizableThreadFactory threads = new CustomizableThreadFactory("power-sync-");
		threads.setDaemon(true);
		return threads;
	}

}
