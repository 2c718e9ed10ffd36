package cloud.ims.standalone.e2e;

import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * One scrape of a service's {@code /actuator/prometheus}, in the text format, with the sums a test asserts on.
 */
final class PrometheusScrape {

	private final String text;

	private PrometheusScrape(String text) {
		this.text = text;
	}

	/** Scrapes the service of that application context over HTTPS, as Prometheus would, without a token. */
	static PrometheusScrape of(ConfigurableApplicationContext service) {
		Integer port = service.getEnvironment().getProperty("local.server.port", Integer.class);
		String text = TestStack.get().client().get().uri("https://localhost:" + port + "/actuator/prometheus")
			.exchange()
			.expectStatus().isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		return new PrometheusScrape(text);
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
