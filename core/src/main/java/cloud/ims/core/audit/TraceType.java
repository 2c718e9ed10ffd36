package cloud.ims.core.audit;

/**
 * Where a traced request came from, with Cloud Trace Service's names: a call of the API (either dialect, identity
 * included) or an action in the management console.
 */
public enum TraceType {

	API_CALL("ApiCall"), CONSOLE_ACTION("ConsoleAction");

	private final String wireName;

	TraceType(String wireName) {
		this.wireName = wireName;
	}

	public String wireName() {
		return this.wireName;
	}

	public static TraceType ofWireName(String name) {
		for (TraceType type : values()) {
			if (type.wireName.equalsIgnoreCase(name)) {
				return type;
			}
		}
		throw new IllegalArgumentException("No trace type " + name);
	}

}
