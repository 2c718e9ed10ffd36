package cloud.ims.schemas;

/**
 * The message was written with a schema this build does not know, neither current nor
 * historical; typically a producer running a newer schema that was not committed here.
 */
public final class UnknownSchema extends UndecodableMessage {

	private final String fingerprint;

	UnknownSchema(String fingerprint) {
		super("No known schema has the fingerprint " + fingerprint, null);
		this.fingerprint = fingerprint;
	}

	/**
	 * Returns the writer schema's fingerprint, as in {@link PublishedSchema#fingerprint()}.
	 */
	public String fingerprint() {
		return fingerprint;
	}

}
