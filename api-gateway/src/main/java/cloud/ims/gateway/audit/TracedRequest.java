package cloud.ims.gateway.audit;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What the gateway saw of a traced request once it was answered: its method and path, the route pattern that
 * matched (none when no handler did, e.g. a request refused before routing) with its path variables, the client's
 * address, the request id, the status and the error code the answer carried.
 */
record TracedRequest(String method, String path, @Nullable String routePattern, Map<String, String> pathVariables,
		@Nullable String sourceIp, String requestId, int status, @Nullable String errorCode, Instant at) {

	TracedRequest {
		pathVariables = Map.copyOf(pathVariables);
	}

}
