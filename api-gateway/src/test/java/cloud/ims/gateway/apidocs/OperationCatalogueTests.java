package cloud.ims.gateway.apidocs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-written half of the API reference loads, and every error code an operation names is one it defines: a
 * broken operations.yaml would otherwise be found only by a gateway that fails to start in an end-to-end test.
 */
class OperationCatalogueTests {

	private final OperationCatalogue catalogue = OperationCatalogue.load();

	@Test
	void everyOperationIsKeyedByMethodAndPathAndNamesOnlyDefinedErrors() {
		assertThat(this.catalogue.keys()).isNotEmpty()
			.allSatisfy((key) -> assertThat(key).matches("(GET|HEAD|POST|PUT|PATCH|DELETE) /\\S*"));
		List<String> undefined = new ArrayList<>();
		this.catalogue.keys().forEach((key) -> {
			String[] methodAndPath = key.split(" ", 2);
			Map<String, Object> operation = this.catalogue.operation(methodAndPath[0], methodAndPath[1]);
			assertThat(operation).as(key).isNotNull();
			this.catalogue.errorCodes(operation).stream()
				.filter((code) -> this.catalogue.error(code) == null)
				.forEach((code) -> undefined.add(key + " names " + code));
		});
		assertThat(undefined).as("error codes named by operations but not defined under errors").isEmpty();
	}

}
