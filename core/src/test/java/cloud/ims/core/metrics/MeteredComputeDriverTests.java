package cloud.ims.core.metrics;

import java.util.Optional;

import cloud.ims.core.compute.ComputeDriver;
import cloud.ims.core.compute.DriverUnavailable;
import cloud.ims.core.compute.ExportedDisk;
import cloud.ims.core.compute.VirtualMachine;
import cloud.ims.core.compute.VmSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MeteredComputeDriverTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final MeteredComputeDriver driver = new MeteredComputeDriver(new DownForDeletes(), this.registry);

	@Test
	void timesEachCallByOperationAndOutcomeAndPassesFailuresOn() {
		this.driver.find("a");
		this.driver.find("b");
		assertThatExceptionOfType(DriverUnavailable.class).isThrownBy(() -> this.driver.delete("a"));

		assertThat(this.registry.get("ims.driver.calls").tags("operation", "find", "outcome", "success").timer().count())
			.isEqualTo(2);
		assertThat(this.registry.get("ims.driver.calls").tags("operation", "delete", "outcome", "unavailable").timer()
			.count()).isEqualTo(1);
	}

	/** A VMware Service that finds nothing and cannot delete. */
	private static final class DownForDeletes implements ComputeDriver {

		@Override
		public VirtualMachine create(VmSpec spec) {
			throw new UnsupportedOperationException();
		}

		@Override
		public VirtualMachine start(String serverId) {
			throw new UnsupportedOperationException();
		}

		@Override
		public VirtualMachine stop(String serverId, boolean hard) {
			throw new UnsupportedOperationException();
		}

		@Override
		public VirtualMachine reboot(String serverId, boolean hard) {
			throw new UnsupportedOperationException();
		}

		@Override
		public void delete(String serverId) {
			throw new DriverUnavailable("the VMware Service does not answer");
		}

		@Override
		public Optional<VirtualMachine> find(String serverId) {
			return Optional.empty();
		}

		@Override
		public ExportedDisk exportSystemDisk(String serverId) {
			throw new UnsupportedOperationException();
		}

	}

}
