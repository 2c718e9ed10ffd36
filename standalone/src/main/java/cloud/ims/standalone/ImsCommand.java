package cloud.ims.standalone;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code ims} command line, entry point of the standalone jar: {@code ims up} runs the system on this machine,
 * {@code ims token} issues access tokens for it, {@code ims user} manages its users, {@code ims credential create}
 * creates access keys (AK/SK), {@code ims events} prints its status events.
 */
@Command(name = "ims", mixinStandardHelpOptions = true,
		subcommands = { UpCommand.class, TokenCommand.class, UserCommand.class, CredentialCommand.class,
				EventsCommand.class },
		description = "IMS - Image Management Service on one machine.")
public final class ImsCommand implements Runnable {

	@Spec
	private CommandSpec spec;

	@Override
	public void run() {
		throw new ParameterException(this.spec.commandLine(), "Missing command: up, token, user, credential or events");
	}

	/** The command line, for running it in-process (tests). */
	public static CommandLine commandLine() {
		return new CommandLine(new ImsCommand());
	}

	public static void main(String[] args) {
		System.exit(commandLine().execute(args));
	}
}
