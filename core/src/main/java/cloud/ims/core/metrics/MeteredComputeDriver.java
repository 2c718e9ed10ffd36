package cloud.ims.core.metrics;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import cloud.ims.core.compute.ComputeDriver;
import cloud.ims.core.compute.DriverUnavailable;
import cloud.ims.core.compute.ExportedDisk;
import cloud.ims.core.compute.VirtualMachine;
import cloud.ims.core.compute.VmNotFound;
import cloud.ims.core.compute.VmSpec;
import cloud.ims.core.compute.VmStateConflict;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

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
	public VirtualMachine create(VmSpec spec) {
		return timed("create", () -> this.driver.create(spec));
	}

	@Override
	public VirtualMachine start(String serverId) {
		return timed("start", () -> this.driver.start(serverId));
	}

	@Override
	public VirtualMachine stop(String serverId, boolean hard) {
		return timed("stop", () -> this.driver.stop(serverId, hard));
	}

	@Override
	public VirtualMachine reboot(String serverId, boolean hard) {
		return timed("reboot", () -> this.driver.reboot(serverId, hard));
	}

	@Override
	public void delete(String serverId) {
		timed("delete", () -> {
			this.driver.delete(serverId);
			return serverId;
		});
	}

	@Override
	public Optional<VirtualMachine> find(String serverId) {
		return timed("find", () -> this.driver.find(serverId));
	}

	@Override
	public ExportedDisk exportSystemDisk(String serverId) {
		return timed("export", () -> this.driver.exportSystemDisk(serverId));
	}

	private <T> T timed(String operation, Supplier<T> call) {
		Timer.Sample sample = Timer.start(this.registry);
		String outcome = "failure";
		try {
			T result = call.get();
			outcome = "success";
			return result;
		}
		catch (DriverUnavailable ex) {
			outcome = "unavailable";
			throw ex;
		}
		catch (VmStateConflict ex) {
			outcome = "conflict";
			throw ex;
		}
		catch (VmNotFound ex) {
			outcome = "not_found";
			throw ex;
		}
		finally {
			sample.stop(Timer.builder("ims.driver.calls")
				.description("Calls to the VMware Service")
				.tag("operation", operation)
				.tag("outcome", outcome)
				.serviceLevelObjectives(LATENCY_BUCKETS)
				.register(this.registry));
		}
	}

}
