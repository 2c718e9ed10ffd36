package cloud.ims.standalone;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

class EventsCommandTests {

	@TempDir
	Path data;

	@Test
	void saysHowToStartAStackWhenNoneHasRunOnTheDataDirectory() {
		StringWriter err = new StringWriter();
		StringWriter out = new StringWriter();
		CommandLine command = ImsCommand.commandLine();
		command.setErr(new PrintWriter(err));
		command.setOut(new PrintWriter(out));

		int exit = command.execute("events", "--data", this.data.toString());

		assertThat(exit).isEqualTo(2);
		assertThat(err.toString()).contains("no stack has run on").contains("./ims up --data");
		assertThat(out.toString()).isEmpty();
	}

}
