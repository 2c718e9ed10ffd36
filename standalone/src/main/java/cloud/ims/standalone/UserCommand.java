package cloud.ims.standalone;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import cloud.ims.standalone.keys.SecurityMaterial;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ims user}: manages the users of a running stack from its host. It signs a short-lived admin token with the
 * data directory's key (as {@code ims token} does) and calls the gateway's Keystone admin API over HTTPS, trusting
 * the data directory's certificate: so it needs the stack to be up, and nothing but the API changes users.
 */
@Command(name = "user", mixinStandardHelpOptions = true,
		subcommands = { UserCommand.Add.class, UserCommand.Passwd.class, UserCommand.ListUsers.class },
		description = { "Manages the users who sign in with a password (Keystone v3, /v3/users).",
				"Needs the running stack: it signs a short-lived admin token with the data directory's key and calls "
						+ "the gateway's /v3 admin API over HTTPS, trusting <data>/tls/server.crt." })
final class UserCommand implements Callable<Integer> {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Spec
	private CommandSpec spec;

	@Option(names = "--data", defaultValue = "./data", scope = picocli.CommandLine.ScopeType.INHERIT,
			description = "Data directory of the stack (default: ${DEFAULT-VALUE}).")
	private Path data;

	@Option(names = "--url", scope = picocli.CommandLine.ScopeType.INHERIT,
			description = "The gateway's URL (default: https://localhost:<port of the stack on the data directory>).")
	private @Nullable URI url;

	@Override
	public Integer call() {
		this.spec.commandLine().usage(this.spec.commandLine().getErr());
		return 2;
	}

	@Command(name = "add", mixinStandardHelpOptions = true,
			description = { "Creates a user with a role in a project, creating the project (id = name) if missing.",
					"An existing user is only given the role(s)." })
	static final class Add implements Callable<Integer> {

		@ParentCommand
		private UserCommand parent;

		@Option(names = "--project", required = true, description = "Project id (also its name when created).")
		private String project;

		@Option(names = "--user", required = true, description = "User name.")
		private String user;

		@Option(names = "--admin", description = "Grants the admin role besides member.")
		private boolean admin;

		@Option(names = "--password-stdin", required = true, description = "Reads the password from standard input.")
		private boolean passwordStdin;

		@Override
		public Integer call() throws IOException, InterruptedException {
			String password = readPassword();
			Api api = this.parent.api();
			HttpResponse<String> project = api.send("GET", "/v3/projects/" + encode(this.project), null);
			if (project.statusCode() == 404) {
				api.expect(api.send("POST", "/v3/projects", Map.of("project", Map.of("id", this.project, "name",
						this.project))), 201);
			}
			else {
				api.expect(project, 200);
			}
			String userId;
			HttpResponse<String> created = api.send("POST", "/v3/users",
					Map.of("user", Map.of("name", this.user, "password", password, "default_project_id", this.project)));
			boolean existed = created.statusCode() == 409;
			if (existed) {
				userId = api.userId(this.user);
			}
			else {
				userId = JSON.readTree(api.expect(created, 201).body()).path("user").path("id").asString();
			}
			List<String> roles = this.admin ? List.of("member", "admin") : List.of("member");
			for (String role : roles) {
				api.expect(api.send("PUT", "/v3/projects/" + encode(this.project) + "/users/" + userId + "/roles/" + role,
						null), 204);
			}
			PrintWriter out = this.parent.spec.commandLine().getOut();
			out.println((existed ? "User " + this.user + " existed (password unchanged; ./ims user passwd changes it)"
					: "Created user " + this.user) + " (id " + userId + ") with role(s) " + String.join(", ", roles)
					+ " in project " + this.project + ".");
			out.flush();
			return 0;
		}

	}

	@Command(name = "passwd", mixinStandardHelpOptions = true,
			description = "Sets a user's password; the user's tokens issued until then stop working.")
	static final class Passwd implements Callable<Integer> {

		@ParentCommand
		private UserCommand parent;

		@Option(names = "--user", required = true, description = "User name.")
		private String user;

		@Option(names = "--password-stdin", required = true, description = "Reads the password from standard input.")
		private boolean passwordStdin;

		@Override
		public Integer call() throws IOException, InterruptedException {
			String password = readPassword();
			Api api = this.parent.api();
			String userId = api.userId(this.user);
			api.expect(api.send("PATCH", "/v3/users/" + userId, Map.of("user", Map.of("password", password))), 200);
			PrintWriter out = this.parent.spec.commandLine().getOut();
			out.println("Changed the password of " + this.user + " (id " + userId + ").");
			out.flush();
			return 0;
		}

	}

	@Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the users and their roles.")
	static final class ListUsers implements Callable<Integer> {

		@ParentCommand
		private UserCommand parent;

		@Override
		public Integer call() throws IOException, InterruptedException {
			Api api = this.parent.api();
			JsonNode users = JSON.readTree(api.expect(api.send("GET", "/v3/users", null), 200).body()).path("users");
			JsonNode assignments = JSON.readTree(api.expect(api.send("GET", "/v3/role_assignments", null), 200).body())
				.path("role_assignments");
			Map<String, List<String>> roles = new LinkedHashMap<>();
			for (JsonNode assignment : assignments) {
				roles.computeIfAbsent(assignment.path("user").path("id").asString(), (id) -> new ArrayList<>())
					.add(assignment.path("scope").path("project").path("id").asString() + ":"
							+ assignment.path("role").path("id").asString());
			}
			PrintWriter out = this.parent.spec.commandLine().getOut();
			out.printf("%-32s  %-24s  %-7s  %s%n", "ID", "NAME", "ENABLED", "ROLES (project:role)");
			for (JsonNode user : users) {
				String id = user.path("id").asString();
				out.printf("%-32s  %-24s  %-7s  %s%n", id, user.path("name").asString(), user.path("enabled").asBoolean(),
						String.join(" ", roles.getOrDefault(id, List.of())));
			}
			out.flush();
			return 0;
		}

	}

	private static String readPassword() throws IOException {
		BufferedReader reader = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		String line = reader.readLine();
		if (line == null || line.isEmpty()) {
			throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(new UserCommand()),
					"No password on standard input: pipe it in, e.g. printf '%s\\n' \"$PASSWORD\" | ./ims user ...");
		}
		return line;
	}

	private static String encode(String segment) {
		return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
	}

	private Api api() throws IOException {
		SecurityMaterial material = SecurityMaterial.ensure(this.data);
		String token = material.tokenIssuer().issue("admin", "ims-cli", true, Duration.ofMinutes(5));
		return new Api((this.url != null) ? this.url : defaultUrl(), token, trusting(material.certificate()));
	}

	private URI defaultUrl() throws IOException {
		String port = "8443";
		Path runtime = this.data.resolve(Standalone.RUNTIME_FILE);
		if (Files.isRegularFile(runtime)) {
			Properties properties = new Properties();
			try (Reader reader = Files.newBufferedReader(runtime)) {
				properties.load(reader);
			}
			port = properties.getProperty("server.port", port);
		}
		return URI.create("https://localhost:" + port);
	}

	private static SSLContext trusting(Path certificate) throws IOException {
		try (InputStream in = Files.newInputStream(certificate)) {
			X509Certificate trusted = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
			KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
			store.load(null, null);
			store.setCertificateEntry("ims", trusted);
			TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trust.init(store);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, trust.getTrustManagers(), null);
			return context;
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot trust " + certificate, ex);
		}
	}

	/** The gateway's admin API, called with the short-lived admin token. */
	private static final class Api {

		private final URI base;

		private final String token;

		private final HttpClient http;

		Api(URI base, String token, SSLContext tls) {
			this.base = base;
			this.token = token;
			this.http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
		}

		HttpResponse<String> send(String method, String path, @Nullable Object body)
				throws IOException, InterruptedException {
			HttpRequest.Builder request = HttpRequest.newBuilder(this.base.resolve(path))
				.timeout(Duration.ofSeconds(30))
				.header("X-Auth-Token", this.token)
				.header("Accept", "application/json");
			if (body != null) {
				request.header("Content-Type", "application/json")
					.method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
			}
			else {
				request.method(method, HttpRequest.BodyPublishers.noBody());
			}
			try {
				return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			}
			catch (java.net.ConnectException ex) {
				throw new IllegalStateException("No gateway answers at " + this.base + ". Start the stack (./ims up --data "
						+ "...) or name its URL with --url.", ex);
			}
		}

		HttpResponse<String> expect(HttpResponse<String> response, int status) {
			if (response.statusCode() != status) {
				String message = response.body();
				try {
					message = JSON.readTree(response.body()).path("error").path("message").asString(message);
				}
				catch (RuntimeException ex) {
					// Not JSON: the body as it came.
				}
				throw new IllegalStateException(response.request().method() + " " + response.uri().getPath()
						+ " answered " + response.statusCode() + ": " + message);
			}
			return response;
		}

		String userId(String name) throws IOException, InterruptedException {
			JsonNode users = JSON.readTree(expect(send("GET", "/v3/users?name=" + encode(name), null), 200).body())
				.path("users");
			if (users.isEmpty()) {
				throw new IllegalStateException("No user is named " + name + " (./ims user list shows the users).");
			}
			return users.get(0).path("id").asString();
		}

	}

}
