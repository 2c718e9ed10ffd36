package cloud.ims.gateway.ratelimit;

import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpMethod;

/**
 * Which bucket a request takes from, by its method and path: sign-ins (Keystone's and the console's), imports (the
 * requests that create an image or bring its data in, in both dialects and the console), reads (GET, HEAD, OPTIONS)
 * and writes (every other method); health, metrics and the console's static assets take from none.
 */
final class RequestClassifier {

	private static final List<String> UNLIMITED_PREFIXES = List.of("/actuator/", "/console/assets/", "/webjars/");

	private static final List<String> SIGN_INS = List.of("/v3/auth/tokens", "/console/sign-in");

	private static final Pattern IMPORT_POSTS = Pattern.compile("/v2/cloudimages/action|/v2/images"
			+ "|/v2/images/[^/]+/import|/v1/cloudimages/[^/]+/copy|/console/images/new/(from-url|from-server|upload)");

	private static final Pattern IMPORT_PUTS = Pattern
		.compile("/v2/images/[^/]+/(file|stage)|/console/images/new/upload/[^/]+/file");

	private RequestClassifier() {
	}

	/** The class of the request, or null when it is not limited. */
	static @Nullable RequestClass classify(HttpMethod method, String path) {
		for (String prefix : UNLIMITED_PREFIXES) {
			if (path.startsWith(prefix)) {
				return null;
			}
		}
		if (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS) {
			return RequestClass.READS;
		}
		if (method == HttpMethod.POST) {
			if (SIGN_INS.contains(path)) {
				return RequestClass.SIGN_INS;
			}
			return IMPORT_POSTS.matcher(path).matches() ? RequestClass.IMPORTS : RequestClass.WRITES;
		}
		if (method == HttpMethod.PUT && IMPORT_PUTS.matcher(path).matches()) {
			return RequestClass.IMPORTS;
		}
		return RequestClass.WRITES;
	}

}
