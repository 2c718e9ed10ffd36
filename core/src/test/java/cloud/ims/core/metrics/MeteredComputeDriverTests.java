package cloud.ims.core.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import cloud.ims.core.compute.ComputeDriver;
import cloud.ims.core.compute.DriverStatus;
import cloud.ims.core.compute.DriverUnavailable;
import cloud.ims.core.compute.ExportedDisk;
import cloud.ims.core.compute.VirtualMachine;
import cloud.ims.core.compute.VmSpec;
import cloud.ims.core.compute.VmState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MeteredComputeDriverTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final MeteredComputeDriver driver = new MeteredComputeDriver(new DownForDeletes(), this.registry);

	@Test
	void timesEachCallByOperationAndOutcomeAndPassesFailuresOn() {
		this.driver.find("a").join();
		this.driver.find("b").join();
		CompletableFuture<Void> delete = this.driver.delete("a");

		assertThat(delete).failsWithin(Duration.ZERO)
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(DriverUnavailable.class);
		assertThat(this.registry.get("ims.driver.calls").tags("operation", "find", "outcome", "success").timer().count())
			.isEqualTo(2);
		assertThat(this.registry.get("ims.driver.calls").tags("operation", "delete", "outcome", "unavailable").timer()
			.count()).isEqualTo(1);
	}

	@Test
	void timesAnOperationWhenItEndsNotWhenItStarts() {
		CompletableFuture<VirtualMachine> pending = new CompletableFuture<>();
		MeteredComputeDriver metered = new MeteredComputeDriver(new DownForDeletes() {
			@Override
			public CompletableFuture<VirtualMachine> start(String serverId) {
				return pending;
			}
		}, this.registry);

		CompletableFuture<VirtualMachine> start = metered.start("a");

		assertThat(this.registry.find("ims.driver.calls").tags("operation", "start").timer()).isNull();
		pending.completeExceptionally(new DriverUnavailable("busy"));
		assertThat(start).isCompletedExceptionally();
		assertThat(this.registry.get("ims.driver.calls").tags("operation", "start", "outcome", "unavailable").timer()
			.count()).isEqualTo(1);
	}

	/** A VMware Service that finds nothing and cannot delete. */
	private static class DownForDeletes implements ComputeDriver {

		@Override
		public CompletableFuture<VirtualMachine> create(VmSpec spec) {
			throw new UnsupportedOperationException();
		}

		@Override
		public CompletableFuture<VirtualMachine> start(String serverId) {
			throw new UnsupportedOperationException();
		}

		@Override
		public CompletableFuture<VirtualMachine> stop(String serverId, boolean hard) {
			throw new UnsupportedOperationException();
		}

		@Override
		public CompletableFuture<VirtualMachine> reboot(String serverId, boolean hard) {
			throw new UnsupportedOperationException();
		}

		@Override
		public CompletableFuture<Void> delete(String serverId) {
			return CompletableFuture.failedFuture(new DriverUnavailable("the VMware Service does not answer"));
		}

		@Override
		public CompletableFuture<Optional<VirtualMachine>> find(String serverId) {
			return CompletableFuture.completedFuture(Optional.empty());
		}

		@Override
		public CompletableFuture<Map<String, VmState>> powerStates() {
			return CompletableFuture.completedFuture(Map.of());
		}

		@Override
		public ExportedDisk exportSystemDisk(String serverId) {
			throw new UnsupportedOperationException();
		}

		@Override
		public void releaseImage(String imageId) {
		}

		@Override
		public DriverStatus status() {
			return new DriverStatus("test", "nowhere", true, "a stand-in");
		}

	}

}
