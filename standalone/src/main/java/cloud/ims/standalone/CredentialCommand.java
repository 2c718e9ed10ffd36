package cloud.ims.standalone;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import cloud.ims.standalone.keys.SecurityMaterial;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ims credential create}: creates a permanent access key (AK/SK) for a user through the running gateway's
 * credentials API, as an admin whose short-lived token is signed with the data directory's key (as {@code ims token}
 * signs one), over HTTPS that trusts only the data directory's certificate. Prints the access key and its secret, the
 * one time the secret can be seen.
 */
@Command(name = "credential", mixinStandardHelpOptions = true, subcommands = CredentialCommand.Create.class,
		description = "Manages the permanent access keys (AK/SK) of the stack that uses the data directory.")
final class CredentialCommand implements Runnable {

	@Spec
	private CommandSpec spec;

	@Override
	public void run() {
		throw new ParameterException(this.spec.commandLine(), "Missing command: create");
	}

	@Command(name = "create", mixinStandardHelpOptions = true,
			description = { "Creates an access key for a user and prints it: access=<AK> and secret=<SK>.",
					"The secret is shown only this once. A user has at most two keys." })
	static final class Create implements Callable<Integer> {

		private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(5);

		private static final String OPERATOR = "ims-cli";

		private static final ObjectMapper JSON = new ObjectMapper();

		@Spec
		private CommandSpec spec;

		@Option(names = "--data", defaultValue = "./data", description = "Data directory (default: ${DEFAULT-VALUE}).")
		private Path data;

		@Option(names = "--user", required = true, description = "The user's id, or its name in the default domain.")
		private String user;

		@Option(names = "--description", defaultValue = "", description = "What the key is for (at most 255 characters).")
		private String description;

		@Option(names = { "--url", "--gateway" }, description = "The gateway's URL (default: https://localhost:<the port of the "
				+ "stack that last ran on the data directory>).")
		private @Nullable URI gateway;

		@Override
		public Integer call() throws IOException, InterruptedException {
			PrintWriter err = this.spec.commandLine().getErr();
			Path runtime = this.data.resolve(Standalone.RUNTIME_FILE);
			if (this.gateway == null && !Files.isRegularFile(runtime)) {
				err.println("ims credential: no stack has run on " + this.data + " (" + runtime + " is missing). "
						+ "Start one with ./ims up --data " + this.data + ".");
				err.flush();
				return 2;
			}
			URI base = (this.gateway != null) ? this.gateway : URI.create("https://localhost:" + port(runtime));
			SecurityMaterial material = SecurityMaterial.ensure(this.data);
			String token = material.tokenIssuer().issue(OPERATOR, OPERATOR, true, TOKEN_LIFETIME);
			HttpClient http = HttpClient.newBuilder()
				.sslContext(trusting(material.certificate()))
				.connectTimeout(Duration.ofSeconds(10))
				.build();
			HttpResponse<String> created;
			try {
				String userId = userId(http, base, token);
				String body = JSON.writeValueAsString(
						Map.of("credential", Map.of("user_id", userId, "description", this.description)));
				created = http.send(HttpRequest.newBuilder(base.resolve("/v3.0/OS-CREDENTIAL/credentials"))
					.header("X-Auth-Token", token)
					.header("Content-Type", "application/json")
					.timeout(Duration.ofSeconds(30))
					.POST(HttpRequest.BodyPublishers.ofString(body))
					.build(), HttpResponse.BodyHandlers.ofString());
			}
			catch (ConnectException ex) {
				err.println("ims credential: no gateway answers at " + base + ". Is ./ims up running with --data "
						+ this.data + "?");
				err.flush();
				return 2;
			}
			if (created.statusCode() != 201) {
				err.println("ims credential: the gateway refused (HTTP " + created.statusCode() + "): "
						+ errorOf(created.body()));
				err.flush();
				return 1;
			}
			JsonNode credential = JSON.readTree(created.body()).path("credential");
			PrintWriter out = this.spec.commandLine().getOut();
			out.println("access=" + credential.path("access").asText());
			out.println("secret=" + credential.path("secret").asText());
			out.flush();
			err.println("Access key " + credential.path("access").asText() + " of user "
					+ credential.path("user_id").asText() + " created. Keep the secret: it is shown only this once.");
			err.flush();
			return 0;
		}

		/** The id of the user named {@code --user}, if the gateway knows a user of that name; else the value itself. */
		private String userId(HttpClient http, URI base, String token) throws IOException, InterruptedException {
			HttpResponse<String> found = http.send(HttpRequest
				.newBuilder(base.resolve("/v3/users?name=" + URLEncoder.encode(this.user, StandardCharsets.UTF_8)))
				.header("X-Auth-Token", token)
				.timeout(Duration.ofSeconds(30))
				.GET()
				.build(), HttpResponse.BodyHandlers.ofString());
			if (found.statusCode() == 200) {
				JsonNode users = JSON.readTree(found.body()).path("users");
				if (users.size() == 1 && this.user.equals(users.get(0).path("name").asText())) {
					return users.get(0).path("id").asText();
				}
			}
			return this.user;
		}

		private static String errorOf(String body) {
			try {
				JsonNode error = JSON.readTree(body).path("error");
				if (error.has("code")) {
					return error.path("code").asText() + " " + error.path("message").asText();
				}
			}
			catch (IOException ex) {
				// Not the API's error shape: shown as it came.
			}
			return body;
		}

		private static int port(Path runtime) throws IOException {
			Properties stack = new Properties();
			try (Reader reader = Files.newBufferedReader(runtime)) {
				stack.load(reader);
			}
			return Integer.parseInt(stack.getProperty("server.port", "8443"));
		}

		private static SSLContext trusting(Path certificate) throws IOException {
			try (InputStream in = Files.newInputStream(certificate)) {
				KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
				trusted.load(null, null);
				trusted.setCertificateEntry("ims", CertificateFactory.getInstance("X.509").generateCertificate(in));
				TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
				trust.init(trusted);
				SSLContext context = SSLContext.getInstance("TLS");
				context.init(null, trust.getTrustManagers(), null);
				return context;
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("Cannot trust " + certificate, ex);
			}
		}

	}

}
