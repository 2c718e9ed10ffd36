package cloud.ims.gateway.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.springframework.core.io.ClassPathResource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The AsyncAPI document of the event topics, committed as {@value #RESOURCE}: served as written, and as the same tree
 * in JSON. Read once at start-up, so a malformed document stops the gateway instead of failing a subscriber later.
 *
 * @param yaml the document as committed
 * @param tree the document parsed, in the order written
 */
record AsyncApiDocument(String yaml, Map<String, Object> tree) {

	static final String RESOURCE = "events/asyncapi.yaml";

	static AsyncApiDocument read() {
		try (InputStream in = new ClassPathResource(RESOURCE).getInputStream()) {
			String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			Map<String, Object> tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
			return new AsyncApiDocument(yaml, tree);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the AsyncAPI document " + RESOURCE, ex);
		}
	}

}
