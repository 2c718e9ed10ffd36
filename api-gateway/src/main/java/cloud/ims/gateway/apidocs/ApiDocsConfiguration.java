package cloud.ims.gateway.apidocs;

import java.util.List;

import cloud.ims.gateway.security.Caller;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The document's header and the customizer that completes every operation from the committed catalogue. The server
 * is the default address, not the one a request came in on, so that the served document equals the committed one.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocsConfiguration {

	static {
		// Resolved from the token by CallerArgumentResolver, not sent by clients.
		SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
	}

	@Bean
	OpenAPI imsOpenApi() {
		return new OpenAPI().info(new Info().title("IMS: Image Management Service")
			.version("v1")
			.description("Both dialects of IMS: Huawei Cloud IMS and ECS, and OpenStack Glance v2, with the Keystone "
					+ "/v3 and IAM credentials APIs and IMS's own jobs, events and operations. Every call but the "
					+ "versions documents, the event schemas and the Keystone sign-in needs a token (X-Auth-Token or "
					+ "Authorization: Bearer) or a request signed with an access key. Errors: docs/errors.md."))
			.servers(List.of(new Server().url("https://localhost:8443").description("./ims up")));
	}

	@Bean
	OpenApiCustomizer operationCatalogueCustomizer() {
		return new OperationCatalogueCustomizer(OperationCatalogue.load());
	}

}
