package cloud.ims.core.compute.vsphere;

import java.util.Set;
import java.util.concurrent.CompletionException;

import cloud.ims.core.common.Completions;
import cloud.ims.core.compute.DriverFailure;
import cloud.ims.core.compute.DriverUnavailable;
import cloud.ims.core.compute.VmNotFound;
import cloud.ims.core.compute.VmStateConflict;

/**
 * vCenter's faults as the port's exceptions: transient ones (vCenter or a host busy or unreachable) are
 * {@link DriverUnavailable}, the ECS's VM gone is {@link VmNotFound} (only where the call was on that VM, see
 * {@link #onVm}), everything else is a {@link DriverFailure} that names the fault and vCenter's message so that a
 * tenant or operator can act on it.
 */
final class Faults {

	private static final Set<String> TRANSIENT = Set.of("NotAuthenticated", "TaskInProgress", "HostCommunication",
			"HostNotConnected", "HostNotReachable", "ResourceInUse", "RequestCanceled", "ConcurrentAccess",
			"NoConnect", "SystemError", "Timedout");

	private Faults() {
	}

	/** The port's exception for a failure of {@code what} (e.g. "powering on ECS x"). */
	static RuntimeException toPort(Throwable error, String what) {
		Throwable cause = Completions.cause(error);
		if (cause instanceof DriverUnavailable || cause instanceof DriverFailure || cause instanceof VmNotFound
				|| cause instanceof VmStateConflict || cause instanceof IllegalArgumentException) {
			return (RuntimeException) cause;
		}
		if (cause instanceof VimFault fault) {
			String message = what + " failed: vCenter answered " + fault.type()
					+ (fault.localizedMessage().isEmpty() ? "" : " (" + fault.localizedMessage() + ")");
			if (TRANSIENT.contains(fault.type()) || fault.type().startsWith("Host") || lostTaskOrVm(fault)) {
				return new DriverUnavailable(message, fault);
			}
			return new DriverFailure(message, fault);
		}
		return new DriverUnavailable(what + " failed: " + cause, cause);
	}

	/**
	 * The failure of a call on the ECS's VM {@code vm}: a ManagedObjectNotFound that names that VM, or names nothing,
	 * is {@link VmNotFound}; any other failure is left as it is.
	 */
	static RuntimeException onVm(Throwable error, ManagedObject vm, String serverId) {
		Throwable cause = Completions.cause(error);
		if (cause instanceof VimFault fault && fault.is("ManagedObjectNotFound")
				&& (fault.object() == null || vm.equals(fault.object()))) {
			return new VmNotFound(serverId);
		}
		return cause instanceof RuntimeException runtime ? runtime : new CompletionException(cause);
	}

	/** A task or a template that vanished: the next attempt starts a new task or imports the template again. */
	private static boolean lostTaskOrVm(VimFault fault) {
		ManagedObject object = fault.object();
		return fault.is("ManagedObjectNotFound") && object != null
				&& (object.type().equals("Task") || object.type().equals("VirtualMachine"));
	}

	/** Faults that say the guest cannot be asked (no VMware Tools, or vcsim, which has no RebootGuest). */
	static boolean guestCannotShutDown(Throwable error) {
		return is(error, "ToolsUnavailable", "MethodNotFound", "MethodDisabled", "NotSupported", "InvalidState");
	}

	/** A ManagedObjectNotFound that names {@code object}. */
	static boolean notFound(Throwable error, ManagedObject object) {
		return Completions.cause(error) instanceof VimFault fault && fault.is("ManagedObjectNotFound")
				&& object.equals(fault.object());
	}

	static boolean is(Throwable error, String... types) {
		Throwable cause = Completions.cause(error);
		if (cause instanceof VimFault fault) {
			for (String type : types) {
				if (fault.is(type)) {
					return true;
				}
			}
		}
		return false;
	}

}
