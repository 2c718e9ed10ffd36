package cloud.ims.gateway.ops;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Import;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The event contract is public like the schemas it refers to: a subscriber reads it without a token, through the
 * gateway's real security configuration.
 */
@WebFluxTest
class EventSchemasSecurityTests {

	@Autowired
	private WebTestClient client;

	@MockitoBean
	private ReactiveJwtDecoder decoder;

	@Test
	void servesTheAsyncApiDocumentAndTheSchemasWithoutAToken() {
		this.client.get().uri("/v1/events/schemas/asyncapi").exchange().expectStatus().isOk();
		this.client.get().uri("/v1/events/schemas").exchange().expectStatus().isOk();
	}

	@Test
	void stillAsksForATokenElsewhere() {
		this.client.get().uri("/v1/admin/dead-letters").exchange().expectStatus().isUnauthorized();
	}

	@SpringBootConfiguration
	@ComponentScan("cloud.ims.gateway.security")
	@Import(EventSchemas.class)
	static class EventSchemasOnly {

	}

}
