package cloud.ims.core.testing;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Python modules of Debian's interpreter that tests run, checked as {@link SystemTool}s are. */
public final class PythonModules {

	private PythonModules() {
	}

	/**
	 * @param module the module's import name, e.g. {@code confluent_kafka}
	 * @param debianPackage the package that installs it for Debian's interpreter, e.g. {@code python3-confluent-kafka}
	 * @throws MissingSystemTool when Debian's interpreter or the module is missing
	 */
	public static void require(String module, String debianPackage) {
		SystemTool.PYTHON3.require();
		if (!imports(module)) {
			throw new MissingSystemTool("python3 module " + module + " not found: install the Debian package "
					+ debianPackage + " (sudo apt-get install " + debianPackage + "), or run ./ims setup");
		}
	}

	private static boolean imports(String module) {
		try {
			Process python = new ProcessBuilder(SystemTool.PYTHON3.toolName(), "-c", "import " + module)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.redirectError(ProcessBuilder.Redirect.DISCARD)
				.start();
			if (!python.waitFor(60, TimeUnit.SECONDS)) {
				python.destroyForcibly();
				return false;
			}
			return python.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
