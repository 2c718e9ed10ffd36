package cloud.ims.gateway.web;

import java.util.Map;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import com.mongodb.MongoException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.MissingRequestValueException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.core.JacksonException;

/**
 * The one mapping from failures to HTTP answers: every error leaves in the API's error shape with a code,
 * never as a stack trace or a bare 500.
 */
@RestControllerAdvice
public class ApiErrors {

	/** The exchange attribute that holds the error code an answer carries, for the audit trail. */
	public static final String ERROR_CODE = ApiErrors.class.getName() + ".errorCode";

	private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

	private static final Map<Kind, HttpStatus> STATUS = Map.of(Kind.INVALID, HttpStatus.BAD_REQUEST,
			Kind.UNAUTHENTICATED, HttpStatus.UNAUTHORIZED, Kind.FORBIDDEN, HttpStatus.FORBIDDEN, Kind.NOT_FOUND,
			HttpStatus.NOT_FOUND, Kind.CONFLICT, HttpStatus.CONFLICT, Kind.TOO_LARGE, HttpStatus.PAYLOAD_TOO_LARGE,
			Kind.UNSUPPORTED_MEDIA_TYPE, HttpStatus.UNSUPPORTED_MEDIA_TYPE, Kind.QUOTA, HttpStatus.TOO_MANY_REQUESTS,
			Kind.UNAVAILABLE, HttpStatus.SERVICE_UNAVAILABLE, Kind.INSUFFICIENT_STORAGE, HttpStatus.INSUFFICIENT_STORAGE);

	/** The HTTP status that answers a failure of this kind. */
	public static HttpStatus statusOf(Kind kind) {
		return STATUS.get(kind);
	}

	@ExceptionHandler
	ResponseEntity<ErrorBody> imsException(ImsException error, ServerWebExchange exchange) {
		return answer(STATUS.get(error.kind()), error.code(), error.getMessage(), exchange);
	}

	@ExceptionHandler
	ResponseEntity<ErrorBody> unreadableInput(ServerWebInputException error, ServerWebExchange exchange) {
		return answer(HttpStatus.BAD_REQUEST, "IMS.0400", describe(error), exchange);
	}

	@ExceptionHandler
	ResponseEntity<ErrorBody> unsupportedMediaType(UnsupportedMediaTypeStatusException error,
			ServerWebExchange exchange) {
		return answer(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "IMS.0415", "Content type "
				+ error.getContentType() + " is not supported here; send " + error.getSupportedMediaTypes() + ".",
				exchange);
	}

	@ExceptionHandler
	ResponseEntity<ErrorBody> methodNotAllowed(MethodNotAllowedException error, ServerWebExchange exchange) {
		return answer(HttpStatus.METHOD_NOT_ALLOWED, "IMS.0405", "Method " + error.getHttpMethod()
				+ " is not allowed on this path; allowed: " + error.getSupportedMethods() + ".", exchange);
	}

	@ExceptionHandler
	ResponseEntity<ErrorBody> statusException(ResponseStatusException error, ServerWebExchange exchange) {
		HttpStatus status = HttpStatus.resolve(error.getStatusCode().value());
		if (status == HttpStatus.NOT_FOUND) {
			return answer(status, "IMS.0404", "No resource at " + exchange.getRequest().getPath().value()
					+ ". Check the path against the API reference.", exchange);
		}
		return answer((status != null) ? status : HttpStatus.INTERNAL_SERVER_ERROR, "IMS.0" + error.getStatusCode().value(),
				(error.getReason() != null) ? error.getReason() : "The request could not be served.", exchange);
	}

	/** The store is down or unreachable: nothing was recorded, so the client may safely retry. */
	@ExceptionHandler({ MongoTimeoutException.class, MongoSocketException.class, MongoNotPrimaryException.class })
	ResponseEntity<ErrorBody> storeUnavailable(MongoException error, ServerWebExchange exchange) {
		log.warn("MongoDB unavailable serving {} {}: {}", exchange.getRequest().getMethod(),
				exchange.getRequest().getPath(), error.toString());
		return answer(HttpStatus.SERVICE_UNAVAILABLE, StoreOutages.CODE, StoreOutages.MESSAGE, exchange);
	}

	@ExceptionHandler
	ResponseEntity<ErrorBody> unexpected(Exception error, ServerWebExchange exchange) {
		log.error("Unexpected failure serving {} {} (request {})", exchange.getRequest().getMethod(),
				exchange.getRequest().getPath(), RequestIds.of(exchange), error);
		return answer(HttpStatus.INTERNAL_SERVER_ERROR, "IMS.0500",
				"The service failed unexpectedly. Retry later, and quote the request id if it persists.", exchange);
	}

	private static ResponseEntity<ErrorBody> answer(HttpStatus status, String code, String message,
			ServerWebExchange exchange) {
		exchange.getAttributes().put(ERROR_CODE, code);
		// JSON whatever the route produces: an event stream's refusal is no event.
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.body(ErrorBody.of(code, message, RequestIds.of(exchange)));
	}

	private static String describe(ServerWebInputException error) {
		if (error instanceof MissingRequestValueException missing) {
			return "Missing " + missing.getLabel() + " '" + missing.getName() + "'.";
		}
		Throwable cause = error.getCause();
		while (cause != null && !(cause instanceof JacksonException)) {
			cause = cause.getCause();
		}
		if (cause instanceof UnrecognizedPropertyException unknown) {
			return "Unknown field '" + unknown.getPropertyName() + "' in the request body. Remove it; accepted fields: "
					+ unknown.getKnownPropertyIds() + ".";
		}
		if (cause instanceof InvalidFormatException invalid) {
			return "Field '" + path(invalid) + "' has the wrong type or format: " + invalid.getValue() + ".";
		}
		if (cause instanceof MismatchedInputException mismatched) {
			return "Field '" + path(mismatched) + "' has the wrong JSON type; expected "
					+ mismatched.getTargetType().getSimpleName() + ".";
		}
		if (cause instanceof JacksonException || error.getCause() instanceof DecodingException) {
			return "The request body is not valid JSON. Send a JSON object as the API reference shows.";
		}
		return (error.getReason() != null) ? error.getReason() : "The request is malformed.";
	}

	private static String path(MismatchedInputException error) {
		return error.getPath().stream()
			.map((reference) -> (reference.getPropertyName() != null) ? reference.getPropertyName()
					: String.valueOf(reference.getIndex()))
			.reduce((left, right) -> left + "." + right)
			.orElse("(body)");
	}

}
