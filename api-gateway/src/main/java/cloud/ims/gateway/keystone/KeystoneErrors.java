package cloud.ims.gateway.keystone;

import java.util.LinkedHashMap;
import java.util.Map;

import cloud.ims.core.common.ImsException;
import cloud.ims.gateway.web.ApiErrors;
import cloud.ims.gateway.web.RequestIds;
import com.mongodb.MongoException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.MissingRequestValueException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;

/**
 * Failures of the Keystone API in Keystone's error shape, which its clients (keystoneauth, openstacksdk) read:
 * {@code {"error":{"code":401,"title":"Unauthorized","message":...}}}, plus the IMS code ({@code ims_code}) and the
 * request id.
 */
@RestControllerAdvice(basePackageClasses = KeystoneErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class KeystoneErrors {

	private static final Logger log = LoggerFactory.getLogger(KeystoneErrors.class);

	@ExceptionHandler
	ResponseEntity<Map<String, Object>> imsException(ImsException error, ServerWebExchange exchange) {
		ResponseEntity.BodyBuilder answer = ResponseEntity.status(ApiErrors.statusOf(error.kind()));
		if (error instanceof SignInsThrottled throttled) {
			answer.header("Retry-After", String.valueOf(Math.max(1, throttled.retryAfter().toSeconds())));
		}
		return answer.body(body(ApiErrors.statusOf(error.kind()), error.code(), error.getMessage(), exchange));
	}

	@ExceptionHandler
	ResponseEntity<Map<String, Object>> unreadableInput(ServerWebInputException error, ServerWebExchange exchange) {
		String message = (error instanceof MissingRequestValueException missing)
				? "Missing " + missing.getLabel() + " '" + missing.getName() + "'."
				: "The request body is not valid JSON, or a field has the wrong type. Send the JSON Keystone v3 expects.";
		return ResponseEntity.badRequest().body(body(HttpStatus.BAD_REQUEST, "IMS.0400", message, exchange));
	}

	@ExceptionHandler({ MongoTimeoutException.class, MongoSocketException.class, MongoNotPrimaryException.class })
	ResponseEntity<Map<String, Object>> storeUnavailable(MongoException error, ServerWebExchange exchange) {
		log.warn("MongoDB unavailable serving {} {}: {}", exchange.getRequest().getMethod(),
				exchange.getRequest().getPath(), error.toString());
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.body(body(HttpStatus.SERVICE_UNAVAILABLE, "IMS.0503",
					"The identity store is unavailable. Retry shortly.", exchange));
	}

	@ExceptionHandler
	ResponseEntity<Map<String, Object>> unexpected(Exception error, ServerWebExchange exchange) {
		log.error("Unexpected failure serving {} {} (request {})", exchange.getRequest().getMethod(),
				exchange.getRequest().getPath(), RequestIds.of(exchange), error);
		return ResponseEntity.internalServerError()
			.body(body(HttpStatus.INTERNAL_SERVER_ERROR, "IMS.0500",
					"The service failed unexpectedly. Retry later, and quote the request id if it persists.", exchange));
	}

	static Map<String, Object> body(HttpStatus status, String code, String message, ServerWebExchange exchange) {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("code", status.value());
		error.put("title", status.getReasonPhrase());
		error.put("message", message);
		error.put("ims_code", code);
		error.put("request_id", RequestIds.of(exchange));
		return Map.of("error", error);
	}

}
