package cloud.ims.gateway.keystone;

import java.time.Clock;

import cloud.ims.core.identity.Projects;
import cloud.ims.core.identity.RoleAssignments;
import cloud.ims.core.identity.SignInFailures;
import cloud.ims.core.identity.Users;
import cloud.ims.core.identity.credential.AccessKeys;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The Keystone API's parts: password hashing, sign-in, administration, the catalog and the first administrator. */
@Configuration(proxyBeanMethods = false)
class IdentityConfiguration {

	@Bean
	Passwords passwords() {
		return new Passwords();
	}

	@Bean
	ServiceCatalog serviceCatalog(IdentitySettings settings) {
		return new ServiceCatalog(settings);
	}

	@Bean
	PasswordSignIn passwordSignIn(Users users, Projects projects, RoleAssignments roles, SignInFailures failures,
			Passwords passwords, ObjectProvider<TokenSigner> signer, RevocationList revocations,
			IdentitySettings settings, Clock clock) {
		return new PasswordSignIn(users, projects, roles, failures, passwords, signer.getIfAvailable(),
				revocations, settings.signIn(), clock);
	}

	@Bean
	IdentityAdministration identityAdministration(Users users, Projects projects, RoleAssignments roles,
			Passwords passwords, RevocationList revocations, AccessKeys accessKeys, IdentitySettings settings,
			Clock clock) {
		return new IdentityAdministration(users, projects, roles, passwords, revocations, accessKeys, settings, clock);
	}

	@Bean
	AdministratorBootstrap administratorBootstrap(IdentityAdministration administration, Users users,
			IdentitySettings settings, Environment environment) {
		return new AdministratorBootstrap(administration, users, settings.bootstrap(),
				environment.getProperty("ims.data-dir", "./data"));
	}

	@Bean
	SignInFailurePurge signInFailurePurge(SignInFailures failures, Clock clock) {
		return new SignInFailurePurge(failures, clock);
	}

}
