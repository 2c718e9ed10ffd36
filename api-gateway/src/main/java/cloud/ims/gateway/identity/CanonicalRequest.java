package cloud.ims.gateway.identity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The canonical request the Huawei Cloud SDK signs, rebuilt from a request as it arrived:
 *
 * <pre>
 * METHOD
 * /each/path/segment/encoded/        (always with a trailing slash, except for the root "/")
 * key=value&amp;key=value               (sorted by encoded key; a repeated key keeps its values in request order)
 * name:value                          (one line per signed header, lower-case name, stripped value)
 * (empty line)
 * name;name                           (SignedHeaders as sent)
 * hex SHA-256 of the body, or the X-Sdk-Content-Sha256 value (UNSIGNED-PAYLOAD)
 * </pre>
 *
 * Path segments, query keys and values are percent-decoded, then encoded as the SDK encodes them (RFC 3986: all but
 * {@code A-Z a-z 0-9 - _ . ~}, upper-case hex, UTF-8), so the encoding chosen by the client's HTTP stack (OkHttp
 * sends {@code ~} as {@code %7E} and {@code *} as is) does not matter.
 */
final class CanonicalRequest {

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	private static final Comparator<String[]> BY_KEY = Comparator.comparing((String[] parameter) -> parameter[0]);

	private CanonicalRequest() {
	}

	static String of(SignedRequest request, SdkHmacSignature signature, String payloadHash) {
		StringBuilder canonical = new StringBuilder(256 + request.rawPath().length()
				+ ((request.rawQuery() != null) ? request.rawQuery().length() : 0));
		canonical.append(request.method()).append('\n');
		appendUri(request.rawPath(), canonical);
		canonical.append('\n');
		appendQuery(request.rawQuery(), canonical);
		canonical.append('\n');
		for (String name : signature.signedHeaders()) {
			String value = request.header(name);
			canonical.append(name).append(':').append((value != null) ? value : "").append('\n');
		}
		canonical.append('\n').append(signature.signedHeaderList()).append('\n').append(payloadHash);
		return canonical.toString();
	}

	/**
	 * Each segment encoded and followed by '/', as the SDK does by splitting the path on '/': so {@code /v2/images}
	 * and {@code /v2/images/} sign alike, and empty segments at the end are dropped.
	 */
	static void appendUri(String rawPath, StringBuilder out) {
		if (rawPath.isEmpty() || rawPath.equals("/")) {
			out.append('/');
			return;
		}
		int end = rawPath.length();
		while (end > 0 && rawPath.charAt(end - 1) == '/') {
			end--;
		}
		int start = 0;
		while (start <= end && end > 0) {
			int slash = rawPath.indexOf('/', start);
			int segmentEnd = (slash < 0 || slash > end) ? end : slash;
			appendEncoded(rawPath, start, segmentEnd, out);
			out.append('/');
			start = segmentEnd + 1;
		}
	}

	static void appendQuery(@Nullable String rawQuery, StringBuilder out) {
		if (rawQuery == null || rawQuery.isEmpty()) {
			return;
		}
		List<String[]> parameters = new ArrayList<>();
		int start = 0;
		while (start <= rawQuery.length()) {
			int amp = rawQuery.indexOf('&', start);
			int end = (amp < 0) ? rawQuery.length() : amp;
			if (end > start) {
				int equals = rawQuery.indexOf('=', start);
				int keyEnd = (equals < 0 || equals > end) ? end : equals;
				int valueStart = Math.min(keyEnd + 1, end);
				parameters.add(new String[] { encoded(rawQuery, start, keyEnd), encoded(rawQuery, valueStart, end) });
			}
			start = end + 1;
		}
		// List.sort is stable: the values of a repeated key stay in the order the request gave them, as the SDK
		// signs them (it sorts keys, not values).
		parameters.sort(BY_KEY);
		for (int i = 0; i < parameters.size(); i++) {
			if (i > 0) {
				out.append('&');
			}
			out.append(parameters.get(i)[0]).append('=').append(parameters.get(i)[1]);
		}
	}

	private static String encoded(String raw, int start, int end) {
		StringBuilder out = new StringBuilder(end - start + 8);
		appendEncoded(raw, start, end, out);
		return out.toString();
	}

	/**
	 * Decodes {@code %XX} escapes and encodes every byte that is not unreserved; a '%' that starts no escape is
	 * itself encoded. '+' is a '+', not a space, in the path and in the query (the SDK encodes a space as %20).
	 */
	static void appendEncoded(String raw, int start, int end, StringBuilder out) {
		int i = start;
		while (i < end) {
			char c = raw.charAt(i);
			if (c == '%' && i + 2 < end && isHex(raw.charAt(i + 1)) && isHex(raw.charAt(i + 2))) {
				appendByte((Character.digit(raw.charAt(i + 1), 16) << 4) | Character.digit(raw.charAt(i + 2), 16),
						out);
				i += 3;
			}
			else if (c < 0x80) {
				appendByte(c, out);
				i++;
			}
			else {
				int codePoint = raw.codePointAt(i);
				appendUtf8(codePoint, out);
				i += Character.charCount(codePoint);
			}
		}
	}

	private static void appendUtf8(int codePoint, StringBuilder out) {
		if (codePoint < 0x800) {
			appendByte(0xC0 | (codePoint >> 6), out);
			appendByte(0x80 | (codePoint & 0x3F), out);
		}
		else if (codePoint < 0x10000) {
			if (Character.isSurrogate((char) codePoint)) {
				// An unpaired surrogate, encoded as String.getBytes(UTF_8) encodes it on the signing side.
				appendByte('?', out);
				return;
			}
			appendByte(0xE0 | (codePoint >> 12), out);
			appendByte(0x80 | ((codePoint >> 6) & 0x3F), out);
			appendByte(0x80 | (codePoint & 0x3F), out);
		}
		else {
			appendByte(0xF0 | (codePoint >> 18), out);
			appendByte(0x80 | ((codePoint >> 12) & 0x3F), out);
			appendByte(0x80 | ((codePoint >> 6) & 0x3F), out);
			appendByte(0x80 | (codePoint & 0x3F), out);
		}
	}

	private static void appendByte(int b, StringBuilder out) {
		if (isUnreserved(b)) {
			out.append((char) b);
		}
		else {
			out.append('%').append(HEX[(b >> 4) & 0x0F]).append(HEX[b & 0x0F]);
		}
	}

	private static boolean isUnreserved(int b) {
		return (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '-' || b == '_'
				|| b == '.' || b == '~';
	}

	private static boolean isHex(char c) {
		return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
	}

}
