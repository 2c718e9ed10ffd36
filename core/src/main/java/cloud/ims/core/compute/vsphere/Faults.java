package cloud.ims.core.compute.vsphere;

import java.util.Set;

import org.jspecify.annotations.Nullable;

import cloud.ims.core.compute.DriverFailure;
import cloud.ims.core.compute.DriverUnavailable;
import cloud.ims.core.compute.VmNotFound;
import cloud.ims.core.compute.VmStateConflict;

/**
 * vCenter's faults as the port's exceptions: transient ones (vCenter or a host busy or unreachable) are
 * {@link DriverUnavailable}, a VM that is gone is {@link VmNotFound}, everything else is a {@link DriverFailure} that
 * names the fault and vCenter's message so that a tenant or operator can act on it.
 */
final class Faults {

	private static final Set<String> TRANSIENT = Set.of("NotAuthenticated", "TaskInProgress", "HostCommunication",
			"HostNotConnected", "HostNotReachable", "ResourceInUse", "RequestCanceled", "ConcurrentAccess",
			"NoConnect", "SystemError", "Timedout");

	private Faults() {
	}

	/** The port's exception for a failure of {@code what} (e.g. "powering on ECS x"). */
	static RuntimeException toPort(Throwable error, String what, @Nullable String serverId) {
		Throwable cause = VimSession.unwrap(error);
		if (cause instanceof DriverUnavailable || cause instanceof DriverFailure || cause instanceof VmNotFound
				|| cause instanceof VmStateConflict || cause instanceof IllegalArgumentException) {
			return (RuntimeException) cause;
		}
		if (cause instanceof VimFault fault) {
			if (fault.is("ManagedObjectNotFound") && serverId != null) {
				return new VmNotFound(serverId);
			}
			String message = what + " failed: vCenter answered " + fault.type()
					+ (fault.localizedMessage().isEmpty() ? "" : " (" + fault.localizedMessage() + ")");
			if (TRANSIENT.contains(fault.type()) || fault.type().startsWith("Host")) {
				return new DriverUnavailable(message, fault);
			}
			return new DriverFailure(message, fault);
		}
		return new DriverUnavailable(what + " failed: " + cause, cause);
	}

	static boolean is(Throwable error, String... types) {
		Throwable cause = VimSession.unwrap(error);
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
