package cloud.ims.core.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import cloud.ims.core.compute.ComputeDriver;
import cloud.ims.core.compute.DriverStatus;
import cloud.ims.core.compute.DriverUnavailable;
import cloud.ims.core.compute.ExportedDisk;
import cloud.ims.core.compute.VirtualMachine;
import cloud.ims.core.compute.VmNotFound;
import cloud.ims.core.compute.VmSpec;
import cloud.ims.core.compute.VmState;
import cloud.ims.core.compute.VmStateConflict;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * Times every call that reaches the VMware Service, whichever worker makes it: {@code ims_driver_calls_seconds} by
 * operation and outcome. Each attempt of a retried call is a call of its own, as the service saw it.
 */
public final class MeteredComputeDriver implements ComputeDriver {

	private static final Duration[] LATENCY_BUCKETS = { Duration.ofMillis(5), Duration.ofMillis(10),
			Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
			Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
			Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120) };

	private final ComputeDriver driver;

	private final MeterRegistry registry;

	public MeteredComputeDriver(ComputeDriver driver, MeterRegistry registry) {
		this.driver = driver;
		this.registry = registry;
	}

	@Override
	public CompletableFuture<VirtualMachine> create(VmSpec spec) {
		return timedAsync("create", () -> this.driver.create(spec));
	}

	@Override
	public CompletableFuture<VirtualMachine> start(String serverId) {
		return timedAsync("start", () -> this.driver.start(serverId));
	}

	@Override
	public CompletableFuture<VirtualMachine> stop(String serverId, boolean hard) {
		return timedAsync("stop", () -> this.driver.stop(serverId, hard));
	}

	@Override
	public CompletableFuture<VirtualMachine> reboot(String serverId, boolean hard) {
		return timedAsync("reboot", () -> this.driver.reboot(serverId, hard));
	}

	@Override
	public CompletableFuture<Void> delete(String serverId) {
		return timedAsync("delete", () -> this.driver.delete(serverId));
	}

	@Override
	public CompletableFuture<Optional<VirtualMachine>> find(String serverId) {
		return timedAsync("find", () -> this.driver.find(serverId));
	}

	@Override
	public CompletableFuture<Map<String, VmState>> powerStates() {
		return timedAsync("power_states", this.driver::powerStates);
	}

	@Override
	public ExportedDisk exportSystemDisk(String serverId) {
		return timed("export", () -> this.driver.exportSystemDisk(serverId));
	}

	@Override
	public void releaseImage(String imageId) {
		timed("release_image", () -> {
			this.driver.releaseImage(imageId);
			return imageId;
		});
	}

	@Override
	public DriverStatus status() {
		return this.driver.status();
	}

	@Override
	public void close() {
		this.driver.close();
	}

	private <T> CompletableFuture<T> timedAsync(String operation, Supplier<CompletableFuture<T>> call) {
		Timer.Sample sample = Timer.start(this.registry);
		return call.get().whenComplete((result, failure) -> record(sample, operation, outcome(failure)));
	}

	private <T> T timed(String operation, Supplier<T> call) {
		Timer.Sample sample = Timer.start(this.registry);
		Throwable failure = null;
		try {
			return call.get();
		}
		catch (RuntimeException ex) {
			failure = ex;
			throw ex;
		}
		finally {
			record(sample, operation, outcome(failure));
		}
	}

	private static String outcome(@Nullable Throwable failure) {
		Throwable cause = (failure instanceof CompletionException completion && completion.getCause() != null)
				? completion.getCause() : failure;
		if (cause == null) {
			return "success";
		}
		if (cause instanceof DriverUnavailable) {
			return "unavailable";
		}
		if (cause instanceof VmStateConflict) {
			return "conflict";
		}
		if (cause instanceof VmNotFound) {
			return "not_found";
		}
		return "failure";
	}

	private void record(Timer.Sample sample, String operation, String outcome) {
		sample.stop(Timer.builder("ims.driver.calls")
			.description("Calls to the VMware Service")
			.tag("operation", operation)
			.tag("outcome", outcome)
			.serviceLevelObjectives(LATENCY_BUCKETS)
			.register(this.registry));
	}

}
