package cloud.ims.core.testing;

/**
 * A test needs a system tool that is not installed. It carries no stack trace: its one line, which names the Debian
 * package to install, is all there is to say.
 */
public final class MissingSystemTool extends AssertionError {

	private static final long serialVersionUID = 1L;

	MissingSystemTool(String message) {
		super(message);
	}

	@Override
	public synchronized Throwable fillInStackTrace() {
		return this;
	}

}
