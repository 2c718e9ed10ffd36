package cloud.ims.gateway.ratelimit;

import cloud.ims.gateway.ratelimit.RateLimitSettings.Limit;

/**
 * One bucket a request takes a token from: whose it is ({@code kind} and {@code key}, e.g. project {@code p1}), for
 * which class of requests, and its limit.
 */
record Scope(String kind, String key, RequestClass requestClass, Limit limit) {

	static Scope project(String projectId, RequestClass requestClass, Limit limit) {
		return new Scope("project", projectId, requestClass, limit);
	}

	static Scope user(String userId, RequestClass requestClass, Limit limit) {
		return new Scope("user", userId, requestClass, limit);
	}

	static Scope address(String address, Limit limit) {
		return new Scope("address", address, RequestClass.SIGN_INS, limit);
	}

	static Scope userName(String userName, Limit limit) {
		return new Scope("user name", userName, RequestClass.SIGN_INS, limit);
	}

	String bucketKey() {
		return this.kind + '\u0000' + this.requestClass.label() + '\u0000' + this.key;
	}

	/** Said to the client: "project p1". */
	String describe() {
		return this.kind + " " + this.key;
	}

}
