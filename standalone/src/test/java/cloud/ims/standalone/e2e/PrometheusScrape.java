package cloud.ims.standalone.e2e;

import java.time.Duration;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * One scrape of a service's {@code /actuator/prometheus}, in the text format, with the sums a test asserts on.
 */
final class PrometheusScrape {

	private final String text;

	private PrometheusScrape(String text) {
		this.text = text;
	}

	/**
	 * Scrapes the service of that application context as Prometheus would, without a token: over HTTPS for the
	 * gateway, over HTTP for the workers, which hold no TLS key.
	 */
	static PrometheusScrape of(ConfigurableApplicationContext service) {
		String text = get(service, "/actuator/prometheus")
			.exchange()
			.expectStatus().isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		return new PrometheusScrape(text);
	}

	/** A GET of that path of the service's own web server, over HTTPS for the gateway and HTTP for the workers. */
	static WebTestClient.RequestHeadersSpec<?> get(ConfigurableApplicationContext service, String path) {
		Integer port = service.getEnvironment().getProperty("local.server.port", Integer.class);
		boolean https = service.getEnvironment().containsProperty("server.ssl.certificate");
		WebTestClient client = https ? TestStack.get().client()
				: WebTestClient.bindToServer().responseTimeout(Duration.ofSeconds(30)).build();
		return client.get().uri((https ? "https" : "http") + "://localhost:" + port + path);
	}

	/** The sum of the samples of that name carrying every given label (other labels may differ); 0 when none. */
	double sum(String name, Map<String, String> labels) {
		return this.text.lines()
			.filter((line) -> line.startsWith(name + "{") || line.startsWith(name + " "))
			.filter((line) -> labels.entrySet().stream()
				.allMatch((label) -> line.contains(label.getKey() + "=\"" + label.getValue() + "\"")))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

	boolean has(String name) {
		return this.text.lines().anyMatch((line) -> line.startsWith(name + "{") || line.startsWith(name + " "));
	}

	@Override
	public String toString() {
		return this.text;
	}

}
