package cloud.ims.gateway.console;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;

class SessionCookieTests {

	@Test
	void issuesAnHttpOnlySecureStrictCookieForTheConsoleThatEndsWithTheToken() {
		Instant now = Instant.parse("2026-11-27T12:00:00Z");

		ResponseCookie cookie = SessionCookie.issue("header.claims.signature", now.plus(Duration.ofHours(2)), now);

		assertThat(cookie.getValue()).isEqualTo("header.claims.signature");
		assertThat(cookie.isHttpOnly()).isTrue();
		assertThat(cookie.isSecure()).isTrue();
		assertThat(cookie.getSameSite()).isEqualTo("Strict");
		assertThat(cookie.getPath()).isEqualTo("/console");
		assertThat(cookie.getMaxAge()).isEqualTo(Duration.ofHours(2));
	}

	@Test
	void clearsTheCookieAtOnce() {
		assertThat(SessionCookie.clear().getMaxAge()).isZero();
	}

	@Test
	void readsTheTokenFromTheCookieButNotOnTheSignInPage() {
		SessionCookie.Reader reader = new SessionCookie.Reader();
		HttpCookie cookie = new HttpCookie(SessionCookie.NAME, "a.b.c");

		assertThat(reader.convert(MockServerWebExchange.from(MockServerHttpRequest.get("/console/jobs").cookie(cookie)))
			.block()).isInstanceOfSatisfying(BearerTokenAuthenticationToken.class,
					(token) -> assertThat(token.getToken()).isEqualTo("a.b.c"));
		assertThat(reader.convert(MockServerWebExchange.from(MockServerHttpRequest.get("/console/sign-in").cookie(cookie)))
			.block()).isNull();
		assertThat(reader.convert(MockServerWebExchange.from(MockServerHttpRequest.get("/console/jobs"))).block()).isNull();
	}

}
