package cloud.ims.standalone;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

import static org.assertj.core.api.Assertions.assertThat;

class UpCommandTests {

	@Test
	void passesUnknownPropertiesThrough() {
		ParseResult result = ImsCommand.commandLine()
			.parseArgs("up", "--port", "9443", "--ims.driver.simulated.latency=2s", "--ims.standalone.kafka-port=9092");

		ParseResult up = result.subcommand();
		assertThat(up.<Integer>matchedOptionValue("--port", 8443)).isEqualTo(9443);
		assertThat(up.unmatched()).containsExactly("--ims.driver.simulated.latency=2s",
				"--ims.standalone.kafka-port=9092");
	}

	@Test
	void rejectsArgumentThatIsNoProperty() {
		StringWriter err = new StringWriter();
		CommandLine command = ImsCommand.commandLine().setErr(new PrintWriter(err));

		int exitCode = command.execute("up", "--data", "unused", "now");

		assertThat(exitCode).isEqualTo(2);
		assertThat(err.toString()).contains("Unexpected argument 'now'");
	}
}
