package cloud.ims.gateway.keystone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import cloud.ims.core.identity.UserNameTaken;
import cloud.ims.core.identity.Users;
import cloud.ims.core.identity.User;
import cloud.ims.core.identity.ProjectNameTaken;
import cloud.ims.gateway.keystone.IdentityAdministration.NewUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import reactor.core.publisher.Mono;

/**
 * The first start of an installation creates its administrator: user {@code admin} in project {@code admin} with
 * the roles {@code admin} and {@code member}, and a generated password written to a file only its owner can read.
 * The log says where the file is, never the password. Replicas starting together create it once: the unique user
 * name decides, and only the winner's password file is moved into place.
 */
final class AdministratorBootstrap implements ApplicationRunner {

	static final String NAME = "admin";

	private static final Logger log = LoggerFactory.getLogger(AdministratorBootstrap.class);

	private final IdentityAdministration administration;

	private final Users users;

	private final IdentitySettings.Bootstrap settings;

	private final Path passwordFile;

	AdministratorBootstrap(IdentityAdministration administration, Users users, IdentitySettings.Bootstrap settings,
			String dataDir) {
		this.administration = administration;
		this.users = users;
		this.settings = settings;
		this.passwordFile = (settings.passwordFile() != null) ? settings.passwordFile()
				: Path.of(dataDir).resolve("keys/admin-password");
	}

	@Override
	public void run(ApplicationArguments args) {
		if (!this.settings.enabled()) {
			return;
		}
		ensureAdministrator().block(Duration.ofSeconds(60));
	}

	Mono<Void> ensureAdministrator() {
		return this.users.findByName(User.DEFAULT_DOMAIN, NAME)
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.flatMap((existing) -> existing.isPresent() ? Mono.empty() : create());
	}

	private Mono<Void> create() {
		String password = newPassword();
		Path staged = stage(password);
		return this.administration.createProject(NAME, NAME, true, "The administrators' project")
			.onErrorResume(ProjectNameTaken.class, (taken) -> Mono.empty())
			.then(this.administration.createUser(new NewUser(NAME, password, true, NAME, "The first administrator")))
			.flatMap((admin) -> this.administration.grant(NAME, admin.id(), "admin")
				.then(this.administration.grant(NAME, admin.id(), "member")))
			.then(Mono.fromRunnable(() -> {
				publish(staged);
				log.info("Created the administrator 'admin' in project 'admin'; its password is in {} (readable by "
						+ "its owner only). Sign in with it, then change it (PATCH /v3/users/{id} or ./ims user passwd).",
						this.passwordFile);
			}))
			.onErrorResume(UserNameTaken.class, (taken) -> Mono.fromRunnable(() -> discard(staged)))
			.doOnError((failure) -> discard(staged))
			.then();
	}

	private static String newPassword() {
		byte[] random = new byte[24];
		new SecureRandom().nextBytes(random);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
	}

	/** Written before the user exists, so that a password never exists only in memory; owner-only from the start. */
	private Path stage(String password) {
		try {
			Path directory = this.passwordFile.toAbsolutePath().getParent();
			Files.createDirectories(directory);
			Path staged = Files.createTempFile(directory, ".admin-password", ".tmp",
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			Files.writeString(staged, password + "\n", StandardCharsets.UTF_8);
			return staged;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the administrator's password file next to " + this.passwordFile, ex);
		}
	}

	private void publish(Path staged) {
		try {
			try {
				Files.move(staged, this.passwordFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException ex) {
				Files.move(staged, this.passwordFile, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		catch (FileAlreadyExistsException ex) {
			throw new IllegalStateException(this.passwordFile + " exists", ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write " + this.passwordFile, ex);
		}
	}

	private static void discard(Path staged) {
		try {
			Files.deleteIfExists(staged);
		}
		catch (IOException ex) {
			log.warn("Cannot remove {}: {}", staged, ex.toString());
		}
	}

	Path passwordFile() {
		return this.passwordFile;
	}

}
