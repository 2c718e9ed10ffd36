package cloud.ims.core.compute.vsphere;

import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import cloud.ims.core.compute.DriverFailure;
import cloud.ims.core.compute.DriverUnavailable;
import cloud.ims.core.compute.VmNotFound;

import static org.assertj.core.api.Assertions.assertThat;

class FaultsTests {

	@Test
	void mapsTransientFaultsToUnavailable() {
		for (String type : new String[] { "TaskInProgress", "HostCommunication", "HostNotConnected", "ResourceInUse",
				"NotAuthenticated" }) {
			assertThat(Faults.toPort(new CompletionException(new VimFault(type, "busy", null)), "cloning x", null))
				.isInstanceOf(DriverUnavailable.class)
				.hasMessageContaining(type);
		}
	}

	@Test
	void mapsPermanentFaultsToFailuresNamingTheFaultAndVcentersMessage() {
		RuntimeException mapped = Faults.toPort(
				new VimFault("InsufficientResourcesFault", "Insufficient memory resources", null), "creating ECS 1",
				"1");
		assertThat(mapped).isInstanceOf(DriverFailure.class)
			.hasMessage("creating ECS 1 failed: vCenter answered InsufficientResourcesFault "
					+ "(Insufficient memory resources)");
	}

	@Test
	void mapsAVanishedVmToNotFound() {
		VimFault gone = new VimFault("ManagedObjectNotFound", "", new ManagedObject("VirtualMachine", "vm-1"));
		assertThat(Faults.toPort(gone, "starting ECS 7", "7")).isInstanceOf(VmNotFound.class);
	}

	@Test
	void leavesThePortsOwnExceptionsAlone() {
		DriverUnavailable unavailable = new DriverUnavailable("down");
		assertThat(Faults.toPort(new CompletionException(unavailable), "x", null)).isSameAs(unavailable);
	}

	@Test
	void escapesTextForSoapTemplates() {
		assertThat(Xml.element("name", "a<b & \"c\"")).isEqualTo("<name>a&lt;b &amp; &quot;c&quot;</name>");
	}

}
