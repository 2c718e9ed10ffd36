package cloud.ims.gateway.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.util.MimeType;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Glance sends JSON patches as {@code application/openstack-images-v2.1-json-patch} (and v2.0): JSON under
 * another name, read with the application's own JSON mapper so that its settings apply.
 */
@Configuration(proxyBeanMethods = false)
class JsonPatchCodecs implements WebFluxConfigurer {

	static final MimeType[] GLANCE_JSON_PATCH = { MimeType.valueOf("application/openstack-images-v2.1-json-patch"),
			MimeType.valueOf("application/openstack-images-v2.0-json-patch") };

	private final JsonMapper jsonMapper;

	JsonPatchCodecs(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	@Override
	public void configureHttpMessageCodecs(ServerCodecConfigurer configurer) {
		configurer.customCodecs().registerWithDefaultConfig(new JacksonJsonDecoder(this.jsonMapper, GLANCE_JSON_PATCH));
	}

}
