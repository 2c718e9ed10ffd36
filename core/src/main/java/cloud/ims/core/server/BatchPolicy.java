package cloud.ims.core.server;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What a batch of ECSs must achieve. Best effort: the job succeeds when at least one ECS was created, each sub-job
 * telling its own outcome. All or nothing: unless at least {@code minCount} ECSs were created, every ECS the job
 * created is deleted again, its quota released, and the job fails.
 */
public record BatchPolicy(Mode mode, int minCount) {

	static final String MODE = "batch_policy";

	static final String MIN_COUNT = "min_count";

	public static BatchPolicy bestEffort() {
		return new BatchPolicy(Mode.BEST_EFFORT, 1);
	}

	/**
	 * The policy a request for {@code count} ECSs asked for: best effort when it names no mode; all or nothing needs
	 * every ECS unless {@code minCount} asks for fewer.
	 */
	static BatchPolicy requested(@Nullable String mode, @Nullable Integer minCount, int count) {
		if (mode == null) {
			if (minCount != null) {
				throw ServerBatch.invalid("batch_policy.min_count needs batch_policy.mode all_or_nothing.");
			}
			return bestEffort();
		}
		Mode requested = Mode.fromWireNameOrNull(mode);
		if (requested == null) {
			throw ServerBatch.invalid("batch_policy.mode '" + mode + "' is invalid; use best_effort or all_or_nothing.");
		}
		if (requested == Mode.BEST_EFFORT) {
			if (minCount != null) {
				throw ServerBatch.invalid("batch_policy.min_count applies only to mode all_or_nothing.");
			}
			return bestEffort();
		}
		int required = (minCount != null) ? minCount : count;
		if (required < 1 || required > count) {
			throw ServerBatch.invalid("batch_policy.min_count=" + required + " is out of range; use 1 to server.count ("
					+ count + ").");
		}
		return new BatchPolicy(requested, required);
	}

	public boolean isMet(long created) {
		return created >= this.minCount;
	}

	/** The policy as job entities, so that the worker that finishes the batch applies the one it was accepted with. */
	public Map<String, String> asEntities() {
		return Map.of(MODE, this.mode.wireName(), MIN_COUNT, String.valueOf(this.minCount));
	}

	public static BatchPolicy fromEntities(Map<String, String> entities) {
		String mode = entities.get(MODE);
		String minCount = entities.get(MIN_COUNT);
		if (mode == null || minCount == null) {
			return bestEffort();
		}
		return new BatchPolicy(Mode.fromWireName(mode), Integer.parseInt(minCount));
	}

	/** The two batch semantics. */
	public enum Mode {

		BEST_EFFORT("best_effort"), ALL_OR_NOTHING("all_or_nothing");

		private final String wireName;

		Mode(String wireName) {
			this.wireName = wireName;
		}

		public String wireName() {
			return this.wireName;
		}

		static @Nullable Mode fromWireNameOrNull(String wireName) {
			for (Mode mode : values()) {
				if (mode.wireName.equals(wireName)) {
					return mode;
				}
			}
			return null;
		}

		static Mode fromWireName(String wireName) {
			Mode mode = fromWireNameOrNull(wireName);
			return (mode != null) ? mode : BEST_EFFORT;
		}

	}

}
