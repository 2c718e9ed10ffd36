package cloud.ims.gateway.keystone;

import java.util.List;
import java.util.Map;

import cloud.ims.core.common.ImsException;
import cloud.ims.gateway.keystone.PasswordAuth.ProjectReference;
import cloud.ims.gateway.keystone.PasswordAuth.UserReference;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PasswordAuthTests {

	@Test
	void readsAUserAndAProjectByNameInTheDefaultDomain() {
		PasswordAuth auth = PasswordAuth.parse(body(
				Map.of("name", "alice", "domain", Map.of("name", "Default"), "password", "secret-password"),
				Map.of("project", Map.of("name", "demo", "domain", Map.of("id", "default")))));

		assertThat(auth.user()).isEqualTo(new UserReference(null, "alice", true));
		assertThat(auth.project()).isEqualTo(new ProjectReference(null, "demo", true));
		assertThat(auth.toString()).doesNotContain("secret-password");
	}

	@Test
	void readsIdsWithoutDomainsAndNoScopeAsUnscoped() {
		PasswordAuth auth = PasswordAuth.parse(body(Map.of("id", "u-1", "password", "secret-password"), null));

		assertThat(auth.user()).isEqualTo(new UserReference("u-1", null, true));
		assertThat(auth.project()).isNull();
	}

	@Test
	void marksANameInAnotherDomainAsUnknown() {
		PasswordAuth auth = PasswordAuth.parse(body(
				Map.of("name", "alice", "domain", Map.of("name", "Other"), "password", "secret-password"), null));

		assertThat(auth.user().domainKnown()).isFalse();
	}

	@Test
	void refusesOtherMethodsAndScopes() {
		Map<String, Object> tokenMethod = Map.of("auth", Map.of("identity", Map.of("methods", List.of("token"))));
		assertThatThrownBy(() -> PasswordAuth.parse(tokenMethod)).isInstanceOf(ImsException.class)
			.hasMessageContaining("password");
		assertThatThrownBy(() -> PasswordAuth.parse(body(Map.of("id", "u-1", "password", "p"),
				Map.of("domain", Map.of("id", "default"))))).isInstanceOf(ImsException.class)
			.hasMessageContaining("Scope a project");
	}

	private static Map<String, Object> body(Map<String, Object> user, Map<String, Object> scope) {
		Map<String, Object> auth = new java.util.HashMap<>();
		auth.put("identity", Map.of("methods", List.of("password"), "password", Map.of("user", user)));
		if (scope != null) {
			auth.put("scope", scope);
		}
		return Map.of("auth", auth);
	}

}
