package cloud.ims.standalone;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import cloud.ims.standalone.keys.SecurityMaterial;

import org.springframework.boot.convert.DurationStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ims token}: prints an access token for the API signed with the data directory's key, and nothing else, so
 * that it can be captured with {@code $(./ims token ...)}.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
		description = "Prints a signed access token (JWT) for the API of the stack using this data directory.")
final class TokenCommand implements Callable<Integer> {

	@Spec
	private CommandSpec spec;

	@Option(names = "--data", defaultValue = "./data", description = "Data directory (default: ${DEFAULT-VALUE}).")
	private Path data;

	@Option(names = "--project", required = true, description = "Project id (claim project_id).")
	private String project;

	@Option(names = "--user", required = true, description = "User id (claim sub).")
	private String user;

	@Option(names = "--admin", description = "Grants the admin role besides member.")
	private boolean admin;

	@Option(names = "--ttl", defaultValue = "24h", converter = DurationConverter.class,
			description = "Lifetime, e.g. 30m, 24h, 7d or PT1H (default: ${DEFAULT-VALUE}).")
	private Duration ttl;

	@Override
	public Integer call() {
		String token = SecurityMaterial.ensure(this.data).tokenIssuer().issue(this.project, this.user, this.admin, this.ttl);
		PrintWriter out = this.spec.commandLine().getOut();
		out.println(token);
		out.flush();
		return 0;
	}

	static final class DurationConverter implements ITypeConverter<Duration> {

		@Override
		public Duration convert(String value) {
			return DurationStyle.detectAndParse(value);
		}
	}
}
