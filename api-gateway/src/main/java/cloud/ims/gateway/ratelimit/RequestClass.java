package cloud.ims.gateway.ratelimit;

/** The kinds of request that have buckets of their own, by what they cost the service. */
enum RequestClass {

	READS("reads"), WRITES("writes"), IMPORTS("imports"), SIGN_INS("sign-ins");

	private final String label;

	RequestClass(String label) {
		this.label = label;
	}

	/** The name used in settings, messages and metrics. */
	String label() {
		return this.label;
	}

}
