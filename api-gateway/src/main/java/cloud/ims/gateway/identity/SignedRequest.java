package cloud.ims.gateway.identity;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What of a request the signature covers, as it arrived: the method, the path and query still percent-encoded, the
 * headers, and the SHA-256 of the body (lower-case hex).
 *
 * @param headers the request's headers; looked up without regard to case (a case-insensitive map is fastest)
 * @param bodySha256 ignored when the request declares {@code X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD}, as the SDK
 * does for bodies that are not JSON (see {@link #declaresUnsignedPayload})
 */
public record SignedRequest(String method, String rawPath, @Nullable String rawQuery,
		Map<String, List<String>> headers, String bodySha256) {

	/** The SHA-256 of an empty body. */
	public static final String EMPTY_BODY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

	static final String CONTENT_SHA256 = "x-sdk-content-sha256";

	static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

	public SignedRequest {
		if (!isSha256Hex(bodySha256)) {
			throw new IllegalArgumentException("bodySha256 must be 64 hexadecimal digits");
		}
		bodySha256 = bodySha256.toLowerCase(Locale.ROOT);
	}

	/** A request whose whole body is at hand. */
	public static SignedRequest withBody(String method, String rawPath, @Nullable String rawQuery,
			Map<String, List<String>> headers, byte[] body) {
		return new SignedRequest(method, rawPath, rawQuery, headers, sha256Hex(body));
	}

	/**
	 * Whether the signer left the body out of the signature ({@code X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD}): the SDK
	 * does so for uploads, and the caller then need not buffer the body to hash it.
	 */
	public static boolean declaresUnsignedPayload(Map<String, List<String>> headers) {
		return UNSIGNED_PAYLOAD.equals(first(headers, CONTENT_SHA256));
	}

	static boolean isSha256Hex(String text) {
		if (text.length() != 64) {
			return false;
		}
		for (int i = 0; i < text.length(); i++) {
			if (!HexFormat.isHexDigit(text.charAt(i))) {
				return false;
			}
		}
		return true;
	}

	static String sha256Hex(byte[] bytes) {
		return HexFormat.of().formatHex(sha256().digest(bytes));
	}

	static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java runtime has SHA-256", ex);
		}
	}

	/** The header's first value, stripped, or null when the request does not carry it. */
	@Nullable String header(String name) {
		return first(this.headers, name);
	}

	private static @Nullable String first(Map<String, List<String>> headers, String name) {
		List<String> values = headers.get(name);
		if (values == null) {
			for (Map.Entry<String, List<String>> header : headers.entrySet()) {
				if (header.getKey().equalsIgnoreCase(name)) {
					values = header.getValue();
					break;
				}
			}
		}
		return (values == null || values.isEmpty()) ? null : values.get(0).strip();
	}

}
