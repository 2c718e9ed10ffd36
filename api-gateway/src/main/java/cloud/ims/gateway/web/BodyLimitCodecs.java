package cloud.ims.gateway.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.reactive.config.WebFluxConfigurer;

/**
 * The codecs (JSON, JSON patches, forms) may hold as much as {@link RequestBodyLimit} lets through, and no more: one
 * bound, {@code ims.http.max-json-body}, instead of the codecs' own 256 KiB, which would refuse a smaller body with
 * another answer.
 */
@Configuration(proxyBeanMethods = false)
class BodyLimitCodecs implements WebFluxConfigurer {

	private final HttpSettings settings;

	BodyLimitCodecs(HttpSettings settings) {
		this.settings = settings;
	}

	@Override
	public void configureHttpMessageCodecs(ServerCodecConfigurer configurer) {
		configurer.defaultCodecs().maxInMemorySize(this.settings.maxJsonBodyBytes());
	}

}
