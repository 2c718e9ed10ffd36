package cloud.ims.gateway.identity;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The {@code Authorization} header of a request signed as the Huawei Cloud SDKs sign with an access key:
 * {@code SDK-HMAC-SHA256 Access=<access key>, SignedHeaders=<name;name;...>, Signature=<64 hex digits>}.
 */
public final class SdkHmacSignature {

	static final String ALGORITHM = "SDK-HMAC-SHA256";

	private static final String FORMAT = ALGORITHM + " Access=<access key>, SignedHeaders=<names>, Signature=<hex>";

	private static final int SIGNATURE_BYTES = 32;

	private final String accessKey;

	private final String signedHeaderList;

	private final List<String> signedHeaders;

	private final byte[] signature;

	private SdkHmacSignature(String accessKey, String signedHeaderList, List<String> signedHeaders, byte[] signature) {
		this.accessKey = accessKey;
		this.signedHeaderList = signedHeaderList;
		this.signedHeaders = signedHeaders;
		this.signature = signature;
	}

	/** Whether this {@code Authorization} value claims the SDK's HMAC-SHA256 scheme (and not a bearer token). */
	public static boolean appliesTo(@Nullable String authorization) {
		return authorization != null && authorization.regionMatches(true, 0, ALGORITHM + " ", 0, ALGORITHM.length() + 1);
	}

	/**
	 * The signature in this {@code Authorization} value, or empty when it is not one; for a caller that needs the
	 * access key before it can look up the secret.
	 */
	public static Optional<SdkHmacSignature> parse(@Nullable String authorization) {
		try {
			return Optional.of(read(authorization));
		}
		catch (MalformedAuthorization ex) {
			return Optional.empty();
		}
	}

	static SdkHmacSignature read(@Nullable String authorization) {
		if (authorization == null || authorization.isBlank()) {
			throw new MalformedAuthorization("The request has no Authorization header. Sign it with an access key as the "
					+ "Huawei Cloud SDK does: Authorization: " + FORMAT + ", with X-Sdk-Date.");
		}
		String value = authorization.strip();
		int space = value.indexOf(' ');
		String scheme = (space < 0) ? value : value.substring(0, space);
		if (!scheme.equals(ALGORITHM)) {
			throw new MalformedAuthorization("The Authorization scheme " + quoted(scheme)
					+ " is not supported here. Sign with " + ALGORITHM + " (the SDK's default signing algorithm): "
					+ FORMAT + ".");
		}
		if (space < 0) {
			throw new MalformedAuthorization("The Authorization header has no Access, SignedHeaders and Signature. "
					+ "Send exactly: " + FORMAT + ".");
		}
		@Nullable String access = null;
		@Nullable String signedHeaders = null;
		@Nullable String signature = null;
		for (String part : value.substring(space + 1).split(",")) {
			String field = part.strip();
			int equals = field.indexOf('=');
			String name = (equals < 0) ? field : field.substring(0, equals);
			String fieldValue = (equals < 0) ? "" : field.substring(equals + 1).strip();
			switch (name) {
				case "Access" -> access = once(name, access, fieldValue);
				case "SignedHeaders" -> signedHeaders = once(name, signedHeaders, fieldValue);
				case "Signature" -> signature = once(name, signature, fieldValue);
				default -> throw new MalformedAuthorization("The Authorization header has an unexpected field "
						+ quoted(name) + ". Send exactly: " + FORMAT + ".");
			}
		}
		if (access == null || signedHeaders == null || signature == null) {
			throw new MalformedAuthorization("The Authorization header lacks "
					+ ((access == null) ? "Access" : (signedHeaders == null) ? "SignedHeaders" : "Signature")
					+ ". Send exactly: " + FORMAT + ".");
		}
		return new SdkHmacSignature(access, signedHeaders, names(signedHeaders), signatureBytes(signature));
	}

	private static String once(String name, @Nullable String previous, String value) {
		if (previous != null) {
			throw new MalformedAuthorization("The Authorization header gives " + name + " twice. Send exactly: "
					+ FORMAT + ".");
		}
		if (value.isEmpty()) {
			throw new MalformedAuthorization("The Authorization header's " + name + " is empty. Send exactly: "
					+ FORMAT + ".");
		}
		return value;
	}

	private static List<String> names(String signedHeaders) {
		List<String> names = new ArrayList<>();
		int start = 0;
		while (start <= signedHeaders.length()) {
			int end = signedHeaders.indexOf(';', start);
			if (end < 0) {
				end = signedHeaders.length();
			}
			String name = signedHeaders.substring(start, end).strip();
			if (name.isEmpty()) {
				throw new MalformedAuthorization("SignedHeaders names an empty header. List the signed headers' names "
						+ "separated by ';', e.g. SignedHeaders=host;x-sdk-date.");
			}
			names.add(name.toLowerCase(Locale.ROOT));
			start = end + 1;
		}
		return List.copyOf(names);
	}

	private static byte[] signatureBytes(String hex) {
		if (hex.length() != 2 * SIGNATURE_BYTES) {
			throw new MalformedAuthorization("The Signature is not 64 hexadecimal digits (the HMAC-SHA256 of the "
					+ "string to sign). Send exactly: " + FORMAT + ".");
		}
		try {
			return HexFormat.of().parseHex(hex);
		}
		catch (IllegalArgumentException ex) {
			throw new MalformedAuthorization("The Signature is not 64 hexadecimal digits (the HMAC-SHA256 of the "
					+ "string to sign). Send exactly: " + FORMAT + ".");
		}
	}

	/** Enough of a client's text to recognise it, not an echo of whatever it sent. */
	static String quoted(String text) {
		String shown = (text.length() > 32) ? text.substring(0, 32) + "..." : text;
		return "'" + shown.replaceAll("[^\\x21-\\x7e]", "?") + "'";
	}

	public String accessKey() {
		return this.accessKey;
	}

	/** The names of the signed headers, lower-cased, in the order the client listed them. */
	public List<String> signedHeaders() {
		return this.signedHeaders;
	}

	/** The {@code SignedHeaders} value as the client wrote it: it is part of what was signed. */
	String signedHeaderList() {
		return this.signedHeaderList;
	}

	byte[] signature() {
		return this.signature;
	}

	boolean signs(String lowerCaseName) {
		return this.signedHeaders.contains(lowerCaseName);
	}

	@Override
	public String toString() {
		return "SdkHmacSignature[access=" + this.accessKey + ", signedHeaders=" + this.signedHeaderList + "]";
	}

}
