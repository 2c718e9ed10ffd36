package cloud.ims.gateway.server;

import java.util.HashMap;
import java.util.Map;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.server.BatchLimits;
import cloud.ims.core.server.ServerBatch;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The body of POST /v1/{project_id}/cloudservers. Fields the Huawei SDK sends that mean nothing here are
 * collected in {@code ignored} and checked against {@link HuaweiServerFields}; anything else is refused.
 */
public record CreateServersRequest(@Nullable ServerSpec server, @JsonProperty("dry_run") @Nullable Boolean dryRun,
		@JsonProperty("batch_policy") @Nullable BatchPolicyRequest batchPolicy, @JsonAnySetter Map<String, Object> ignored) {

	public CreateServersRequest {
		ignored = (ignored != null) ? ignored : new HashMap<>();
	}

	boolean isDryRun() {
		return Boolean.TRUE.equals(this.dryRun);
	}

	/**
	 * The batch this body asks for, under the given limits. The Huawei SDK's fields with no meaning here are dropped;
	 * any other unknown field is refused before the batch's own rules are applied.
	 */
	ServerBatch toBatch(BatchLimits limits) {
		HuaweiServerFields.requireKnown("the request", this.ignored, HuaweiServerFields.REQUEST);
		ServerSpec spec = this.server;
		if (spec == null) {
			throw new ImsException(Kind.INVALID, "Ecs.0005", "Missing server. Add it to the request body.");
		}
		HuaweiServerFields.requireKnown("server", spec.ignored(), HuaweiServerFields.SERVER);
		RootVolume rootVolume = spec.rootVolume();
		if (rootVolume != null) {
			HuaweiServerFields.requireKnown("server.root_volume", rootVolume.ignored(), HuaweiServerFields.ROOT_VOLUME);
		}
		BatchPolicyRequest policy = this.batchPolicy;
		return ServerBatch.of(new ServerBatch.Requested(spec.imageRef(), spec.flavorRef(), spec.name(), spec.count(),
				Boolean.TRUE.equals(spec.isAutoRename()), (rootVolume != null) ? rootVolume.size() : null,
				spec.metadata(), spec.description(), (policy != null) ? policy.mode() : null,
				(policy != null) ? policy.minCount() : null), limits);
	}

	/** The batch semantics (ext): best_effort (default) or all_or_nothing with an optional minimum. */
	public record BatchPolicyRequest(@Nullable String mode, @JsonProperty("min_count") @Nullable Integer minCount) {
	}

	/** The server part of the request. */
	public record ServerSpec(@Nullable String imageRef, @Nullable String flavorRef, @Nullable String name,
			@Nullable Integer count, @Nullable Boolean isAutoRename,
			@JsonProperty("root_volume") @Nullable RootVolume rootVolume, @Nullable Map<String, String> metadata,
			@Nullable String description, @JsonAnySetter Map<String, Object> ignored) {

		public ServerSpec {
			ignored = (ignored != null) ? ignored : new HashMap<>();
		}

	}

	/** The system disk. */
	public record RootVolume(@Nullable Integer size, @JsonAnySetter Map<String, Object> ignored) {

		public RootVolume {
			ignored = (ignored != null) ? ignored : new HashMap<>();
		}

	}

}
