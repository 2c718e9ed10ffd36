package cloud.ims.core.qemu;

/** {@code prlimit} is not installed, so qemu-img cannot run under a memory limit: a worker must not start. */
public class PrlimitMissing extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	PrlimitMissing(String message) {
		super(message);
	}

}
