package cloud.ims.gateway.identity;

/**
 * Why {@link SignedRequestVerifier} refused a request, each with its error code (all answered 401).
 */
public enum Refusal {

	/** No {@code Authorization} header, or not {@code SDK-HMAC-SHA256 Access=..., SignedHeaders=..., Signature=...}. */
	MALFORMED_AUTHORIZATION("IAM.0101"),

	/** The access key does not exist. */
	UNKNOWN_ACCESS_KEY("IAM.0102"),

	/** The access key exists and the signature is right, but the key is inactive. */
	INACTIVE_ACCESS_KEY("IAM.0103"),

	/** {@code X-Sdk-Date} is missing or not {@code yyyyMMdd'T'HHmmss'Z'}. */
	MALFORMED_DATE("IAM.0104"),

	/** {@code X-Sdk-Date} is more than 15 minutes away from the server's clock. */
	DATE_OUT_OF_WINDOW("IAM.0105"),

	/**
	 * {@code host} or {@code x-sdk-date} is not signed, a header that selects the scope ({@code X-Project-Id},
	 * {@code X-Domain-Id}) or the payload hash is sent unsigned, or a signed header is not in the request.
	 */
	UNSIGNED_HEADER("IAM.0106"),

	/** The signature (or the declared body hash) does not match the request. */
	SIGNATURE_MISMATCH("IAM.0107");

	private final String code;

	Refusal(String code) {
		this.code = code;
	}

	public String code() {
		return this.code;
	}

}
