package cloud.ims.gateway.web;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The one error shape of the API: {@code {"error":{"code","message","request_id"}}}.
 */
public record ErrorBody(Error error) {

	public static ErrorBody of(String code, String message, String requestId) {
		return new ErrorBody(new Error(code, message, requestId));
	}

	/** The error itself. */
	public record Error(String code, String message, @JsonProperty("request_id") String requestId) {
	}

}
