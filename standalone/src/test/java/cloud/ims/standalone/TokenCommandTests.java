package cloud.ims.standalone;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;

import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

class TokenCommandTests {

	@TempDir
	Path data;

	@Test
	void printsOnlyTheToken() throws Exception {
		StringWriter out = new StringWriter();
		CommandLine command = ImsCommand.commandLine().setOut(new PrintWriter(out));

		int exitCode = command.execute("token", "--data", this.data.toString(), "--project", "demo", "--user", "alice",
				"--ttl", "2h");

		assertThat(exitCode).isZero();
		assertThat(out.toString()).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+\\R");
		SignedJWT token = SignedJWT.parse(out.toString().strip());
		assertThat(token.getJWTClaimsSet().getExpirationTime().getTime()
				- token.getJWTClaimsSet().getIssueTime().getTime())
			.isEqualTo(Duration.ofHours(2).toMillis());
		assertThat(this.data.resolve("keys/jwt-public-key.pem")).exists();
	}

	@Test
	void rejectsTokenWithoutUser() {
		StringWriter out = new StringWriter();
		CommandLine command = ImsCommand.commandLine()
			.setOut(new PrintWriter(out))
			.setErr(new PrintWriter(new StringWriter()));

		int exitCode = command.execute("token", "--data", this.data.toString(), "--project", "demo");

		assertThat(exitCode).isEqualTo(2);
		assertThat(out.toString()).isEmpty();
	}
}
