package cloud.ims.gateway.ratelimit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

class RequestClassifierTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "none", textBlock = """
			GET    | /v2/images/i-1                           | reads
			HEAD   | /v2/images/i-1/file                      | reads
			GET    | /console/images                          | reads
			PATCH  | /v2/images/i-1                           | writes
			DELETE | /v2/images/i-1                           | writes
			POST   | /v1/p1/cloudservers                      | writes
			POST   | /v2/images/i-1/members                   | writes
			PUT    | /v2/images/i-1/tags/t                    | writes
			POST   | /console/images/i-1/star                 | writes
			POST   | /v2/cloudimages/action                   | imports
			POST   | /v2/images                               | imports
			PUT    | /v2/images/i-1/file                      | imports
			PUT    | /v2/images/i-1/stage                     | imports
			POST   | /v2/images/i-1/import                    | imports
			POST   | /v1/cloudimages/i-1/copy                 | imports
			POST   | /console/images/new/from-url             | imports
			POST   | /console/images/new/from-server          | imports
			POST   | /console/images/new/upload               | imports
			PUT    | /console/images/new/upload/i-1/file      | imports
			POST   | /v3/auth/tokens                          | sign-ins
			POST   | /console/sign-in                         | sign-ins
			GET    | /v3/auth/tokens                          | reads
			DELETE | /v3/auth/tokens                          | writes
			GET    | /actuator/health                         | none
			GET    | /actuator/prometheus                     | none
			GET    | /console/assets/console.css              | none
			GET    | /webjars/htmx.org/dist/htmx.min.js       | none
			""")
	void classifiesARequestByMethodAndPath(String method, String path, String expected) {
		RequestClass requestClass = RequestClassifier.classify(HttpMethod.valueOf(method), path);

		assertThat((requestClass != null) ? requestClass.label() : null).isEqualTo(expected);
	}

}
