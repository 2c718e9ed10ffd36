package cloud.ims.standalone.e2e;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import cloud.ims.standalone.ImsCommand;
import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.http.HttpConfig;
import com.huaweicloud.sdk.ims.v2.ImsClient;
import com.huaweicloud.sdk.ims.v2.model.ListImagesRequest;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./ims user} against the running stack: it adds a user (and its project, id = name) who can then sign in
 * with the password given on standard input, changes the password, and lists the users with their roles.
 */
class UserCommandIT {

	@Test
	void addsAUserWhoSignsInThenChangesItsPasswordAndListsIt() {
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		String project = "cli-project-" + suffix;
		String user = "cli-user-" + suffix;

		Run added = ims("first-password-" + suffix, "user", "add", "--project", project, "--user", user, "--admin",
				"--password-stdin");

		assertThat(added.exitCode()).as(added.err()).isZero();
		assertThat(added.out()).contains("Created user " + user).contains("member, admin").contains(project);
		assertThat(signIn(user, "first-password-" + suffix, project)).isEqualTo(HttpStatus.CREATED);

		Run changed = ims("second-password-" + suffix, "user", "passwd", "--user", user, "--password-stdin");

		assertThat(changed.exitCode()).as(changed.err()).isZero();
		assertThat(signIn(user, "first-password-" + suffix, project)).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(signIn(user, "second-password-" + suffix, project)).isEqualTo(HttpStatus.CREATED);

		Run listed = ims("", "user", "list");

		assertThat(listed.exitCode()).as(listed.err()).isZero();
		assertThat(listed.out()).contains(user).contains(project + ":admin").contains(project + ":member");
	}

	@Test
	void createsAnAccessKeyThatSignsRequestsAsTheUser() {
		String suffix = UUID.randomUUID().toString().substring(0, 8);
		String project = "cli-project-" + suffix;
		String user = "cli-keys-" + suffix;
		assertThat(ims("password-" + suffix, "user", "add", "--project", project, "--user", user, "--password-stdin")
			.exitCode()).isZero();

		Run created = ims("", "credential", "create", "--user", user, "--description", "ci");

		assertThat(created.exitCode()).as(created.err()).isZero();
		String access = created.out().lines().filter((line) -> line.startsWith("access=")).findFirst().orElseThrow()
			.substring("access=".length());
		String secret = created.out().lines().filter((line) -> line.startsWith("secret=")).findFirst().orElseThrow()
			.substring("secret=".length());
		assertThat(access).matches("[A-Z0-9]{20}");
		assertThat(secret).hasSize(40);
		assertThat(created.err()).doesNotContain(secret);
		ImsClient ims = ImsClient.newBuilder()
			.withCredential(new BasicCredentials().withAk(access).withSk(secret).withProjectId(project))
			.withHttpConfig(HttpConfig.getDefaultHttpConfig().withIgnoreSSLVerification(true))
			.withEndpoints(new ArrayList<>(List.of(TestStack.get().baseUrl())))
			.build();
		assertThat(ims.listImages(new ListImagesRequest().withLimit(1)).getHttpStatusCode()).isEqualTo(200);
	}

	private static HttpStatus signIn(String user, String password, String project) {
		return HttpStatus.valueOf(TestStack.get().client().post().uri("/v3/auth/tokens")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("""
					{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"%s","domain":{"id":"default"},
					"password":"%s"}}},"scope":{"project":{"id":"%s"}}}}""".formatted(user, password, project))
			.exchange()
			.returnResult(String.class)
			.getStatus()
			.value());
	}

	private record Run(int exitCode, String out, String err) {
	}

	private static synchronized Run ims(String stdin, String... arguments) {
		TestStack stack = TestStack.get();
		String[] full = new String[arguments.length + 4];
		System.arraycopy(arguments, 0, full, 0, arguments.length);
		full[arguments.length] = "--data";
		full[arguments.length + 1] = stack.dataDir().toString();
		full[arguments.length + 2] = "--url";
		full[arguments.length + 3] = stack.baseUrl();
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		InputStream previous = System.in;
		System.setIn(new ByteArrayInputStream((stdin + "\n").getBytes(StandardCharsets.UTF_8)));
		try {
			CommandLine command = ImsCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
			int exitCode = command.execute(full);
			return new Run(exitCode, out.toString(), err.toString());
		}
		finally {
			System.setIn(previous);
		}
	}

}
