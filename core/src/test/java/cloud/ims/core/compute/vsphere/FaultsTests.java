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
			assertThat(Faults.toPort(new CompletionException(new VimFault(type, "busy", null)), "cloning x"))
				.isInstanceOf(DriverUnavailable.class)
				.hasMessageContaining(type);
		}
	}

	@Test
	void mapsPermanentFaultsToFailuresNamingTheFaultAndVcentersMessage() {
		RuntimeException mapped = Faults.toPort(
				new VimFault("InsufficientResourcesFault", "Insufficient memory resources", null), "creating ECS 1");
		assertThat(mapped).isInstanceOf(DriverFailure.class)
			.hasMessage("creating ECS 1 failed: vCenter answered InsufficientResourcesFault "
					+ "(Insufficient memory resources)");
	}

	@Test
	void mapsTheServersVanishedVmToNotFound() {
		ManagedObject vm = new ManagedObject("VirtualMachine", "vm-1");
		VimFault gone = new VimFault("ManagedObjectNotFound", "", vm);
		assertThat(Faults.onVm(new CompletionException(gone), vm, "7")).isInstanceOf(VmNotFound.class);
		VimFault unnamed = new VimFault("ManagedObjectNotFound", "", null);
		assertThat(Faults.onVm(unnamed, vm, "7")).isInstanceOf(VmNotFound.class);
	}

	@Test
	void doesNotTakeAVanishedTemplateOrTaskForTheServersVm() {
		ManagedObject vm = new ManagedObject("VirtualMachine", "vm-1");
		VimFault template = new VimFault("ManagedObjectNotFound", "", new ManagedObject("VirtualMachine", "vm-9"));
		VimFault task = new VimFault("ManagedObjectNotFound", "", new ManagedObject("Task", "task-3"));

		assertThat(Faults.onVm(template, vm, "7")).isSameAs(template);
		assertThat(Faults.toPort(Faults.onVm(template, vm, "7"), "creating ECS 7"))
			.isInstanceOf(DriverUnavailable.class);
		assertThat(Faults.toPort(Faults.onVm(task, vm, "7"), "creating ECS 7")).isInstanceOf(DriverUnavailable.class);
		assertThat(Faults.toPort(new VimFault("ManagedObjectNotFound", "", new ManagedObject("Folder", "f-1")),
				"creating ECS 7"))
			.isInstanceOf(DriverFailure.class);
	}

	@Test
	void powersOffOnlyWhenTheGuestCannotShutDown() {
		for (String type : new String[] { "ToolsUnavailable", "NotSupported", "MethodNotFound", "InvalidState" }) {
			assertThat(Faults.guestCannotShutDown(new CompletionException(new VimFault(type, "", null)))).isTrue();
		}
		for (String type : new String[] { "Timedout", "HostCommunication", "TaskInProgress", "NoPermission" }) {
			assertThat(Faults.guestCannotShutDown(new VimFault(type, "", null))).isFalse();
		}
		assertThat(Faults.guestCannotShutDown(new DriverUnavailable("connection reset"))).isFalse();
	}

	@Test
	void leavesThePortsOwnExceptionsAlone() {
		DriverUnavailable unavailable = new DriverUnavailable("down");
		assertThat(Faults.toPort(new CompletionException(unavailable), "x")).isSameAs(unavailable);
	}

	@Test
	void escapesTextForSoapTemplates() {
		assertThat(Xml.element("name", "a<b & \"c\"")).isEqualTo("<name>a&lt;b &amp; &quot;c&quot;</name>");
	}

}
