package cloud.ims.gateway.identity;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import javax.crypto.Mac;

import cloud.ims.gateway.identity.Verification.Refused;
import cloud.ims.gateway.identity.Verification.Verified;
import org.jspecify.annotations.Nullable;

/**
 * Verifies a request signed with an access key as the Huawei Cloud SDKs sign it ({@code SDK-HMAC-SHA256}): rebuilds
 * the canonical request, signs {@code "SDK-HMAC-SHA256\n" + X-Sdk-Date + "\n" + hex(SHA-256(canonical request))} with
 * the key's secret as the HMAC key, and compares in constant time. Nothing here logs; a refusal's message never holds
 * a secret or a signature.
 */
public final class SignedRequestVerifier {

	static final String HMAC = "HmacSHA256";

	/** How far {@code X-Sdk-Date} may be from the server's clock, either way. */
	public static final Duration ALLOWED_SKEW = Duration.ofMinutes(15);

	private static final DateTimeFormatter SDK_DATE = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
		.withResolverStyle(ResolverStyle.STRICT);

	private static final String HOST = "host";

	private static final String SDK_DATE_HEADER = "x-sdk-date";

	/** Headers that choose what the request acts on: sent unsigned, they could be changed in flight. */
	private static final List<String> SIGNED_WHEN_PRESENT = List.of("x-project-id", "x-domain-id",
			SignedRequest.CONTENT_SHA256);

	private final Clock clock;

	public SignedRequestVerifier(Clock clock) {
		this.clock = clock;
	}

	public Verification verify(SignedRequest request, AccessKeys accessKeys) {
		SdkHmacSignature signature;
		try {
			signature = SdkHmacSignature.read(request.header("authorization"));
		}
		catch (MalformedAuthorization ex) {
			return new Refused(Refusal.MALFORMED_AUTHORIZATION, ex.getMessage());
		}
		if (!signature.signs(HOST) || !signature.signs(SDK_DATE_HEADER)) {
			return new Refused(Refusal.UNSIGNED_HEADER, "SignedHeaders must include host and x-sdk-date (it is "
					+ SdkHmacSignature.quoted(signature.signedHeaderList()) + "). Sign both, as the SDK does.");
		}
		String date = request.header(SDK_DATE_HEADER);
		if (date == null) {
			return new Refused(Refusal.MALFORMED_DATE, "The request has no X-Sdk-Date header. Send the signing time "
					+ "in UTC as yyyyMMdd'T'HHmmss'Z', e.g. 20261207T101500Z, and sign it.");
		}
		@Nullable Refused dateRefusal = checkDate(date);
		if (dateRefusal != null) {
			return dateRefusal;
		}
		@Nullable Refused headersRefusal = checkSignedHeaders(request, signature);
		if (headersRefusal != null) {
			return headersRefusal;
		}
		@Nullable String payloadHash = payloadHash(request);
		if (payloadHash == null) {
			return new Refused(Refusal.SIGNATURE_MISMATCH, "X-Sdk-Content-Sha256 is not the SHA-256 of the body. "
					+ "Send the body that was signed, or leave the header out and let the body's hash be signed.");
		}
		Optional<AccessKeySecret> secret = accessKeys.find(signature.accessKey());
		if (secret.isEmpty()) {
			return new Refused(Refusal.UNKNOWN_ACCESS_KEY, "Access key " + SdkHmacSignature.quoted(signature.accessKey())
					+ " does not exist. Check the AK the client signs with, or create a key with "
					+ "POST /v3.0/OS-CREDENTIAL/credentials.");
		}
		String canonicalRequest = CanonicalRequest.of(request, signature, payloadHash);
		if (!MessageDigest.isEqual(sign(secret.get(), stringToSign(date, canonicalRequest)), signature.signature())) {
			return new Refused(Refusal.SIGNATURE_MISMATCH, "The signature does not match the request. Check that the "
					+ "client signs with the secret key of " + SdkHmacSignature.quoted(signature.accessKey())
					+ ", and that nothing between the client and IMS changes the method, path, query, signed headers "
					+ "(e.g. a proxy rewriting Host) or body.");
		}
		if (!secret.get().isActive()) {
			return new Refused(Refusal.INACTIVE_ACCESS_KEY, "Access key " + SdkHmacSignature.quoted(signature.accessKey())
					+ " is inactive. Activate it with PUT /v3.0/OS-CREDENTIAL/credentials/{access_key} "
					+ "({\"credential\":{\"status\":\"active\"}}) or sign with another key.");
		}
		return new Verified(signature.accessKey());
	}

	private @Nullable Refused checkDate(String date) {
		Instant signedAt;
		try {
			signedAt = LocalDateTime.parse(date, SDK_DATE).toInstant(ZoneOffset.UTC);
		}
		catch (DateTimeParseException ex) {
			return new Refused(Refusal.MALFORMED_DATE, "X-Sdk-Date " + SdkHmacSignature.quoted(date)
					+ " is not in the form yyyyMMdd'T'HHmmss'Z' (UTC), e.g. 20261207T101500Z.");
		}
		Instant now = this.clock.instant();
		if (Duration.between(signedAt, now).abs().compareTo(ALLOWED_SKEW) > 0) {
			return new Refused(Refusal.DATE_OUT_OF_WINDOW, "X-Sdk-Date " + date + " is more than "
					+ ALLOWED_SKEW.toMinutes() + " minutes away from the server's time ("
					+ SDK_DATE.format(LocalDateTime.ofInstant(now, ZoneOffset.UTC))
					+ "). Correct the client's clock (NTP) and sign the request again.");
		}
		return null;
	}

	private static @Nullable Refused checkSignedHeaders(SignedRequest request, SdkHmacSignature signature) {
		for (String name : signature.signedHeaders()) {
			if (request.header(name) == null) {
				return new Refused(Refusal.UNSIGNED_HEADER, "SignedHeaders names " + SdkHmacSignature.quoted(name)
						+ ", which the request does not carry. Sign only the headers that are sent.");
			}
		}
		for (String name : SIGNED_WHEN_PRESENT) {
			if (!signature.signs(name) && request.header(name) != null) {
				return new Refused(Refusal.UNSIGNED_HEADER, "The request sends " + name + " without signing it. "
						+ "Add it to SignedHeaders (the SDK signs every header it sends but Content-Type).");
			}
		}
		return null;
	}

	/** The payload hash to sign, or null when a declared hash contradicts the body. */
	private static @Nullable String payloadHash(SignedRequest request) {
		String declared = request.header(SignedRequest.CONTENT_SHA256);
		if (declared == null) {
			return request.bodySha256();
		}
		if (declared.equals(SignedRequest.UNSIGNED_PAYLOAD)) {
			return declared;
		}
		return declared.equalsIgnoreCase(request.bodySha256()) ? declared : null;
	}

	private static String stringToSign(String date, String canonicalRequest) {
		byte[] digest = SignedRequest.sha256().digest(canonicalRequest.getBytes(StandardCharsets.UTF_8));
		return SdkHmacSignature.ALGORITHM + "\n" + date + "\n" + HexFormat.of().formatHex(digest);
	}

	private static byte[] sign(AccessKeySecret secret, String stringToSign) {
		try {
			Mac mac = Mac.getInstance(HMAC);
			mac.init(secret.hmacKey());
			return mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Every Java runtime has " + HMAC, ex);
		}
	}

}
