package cloud.ims.gateway.server;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The bodies of Huawei ECS's batch operations: {@code os-start}, {@code os-stop} and {@code reboot} on the action
 * path, and the delete body.
 */
final class ServerActionRequests {

	private ServerActionRequests() {
	}

	/** {@code {"os-start":{...}}}, {@code {"os-stop":{...}}} or {@code {"reboot":{...}}}: exactly one of them. */
	record Action(@JsonProperty("os-start") @Nullable Targets start, @JsonProperty("os-stop") @Nullable Targets stop,
			@Nullable Targets reboot) {

		ServerOperations.Operation operation() {
			int given = ((this.start != null) ? 1 : 0) + ((this.stop != null) ? 1 : 0) + ((this.reboot != null) ? 1 : 0);
			if (given != 1) {
				throw new ImsException(Kind.INVALID, "Ecs.0005",
						"Give exactly one of os-start, os-stop or reboot in the request body.");
			}
			return (this.start != null) ? ServerOperations.Operation.START
					: (this.stop != null) ? ServerOperations.Operation.STOP : ServerOperations.Operation.REBOOT;
		}

		Targets targets() {
			return (this.start != null) ? this.start : (this.stop != null) ? this.stop : this.reboot;
		}

	}

	/** The ECSs of an operation and, for stop and reboot, SOFT (the default) or HARD. */
	record Targets(@Nullable List<ServerRef> servers, @Nullable String type) {

		boolean hard() {
			if (this.type == null || this.type.equals("SOFT")) {
				return false;
			}
			if (this.type.equals("HARD")) {
				return true;
			}
			throw new ImsException(Kind.INVALID, "Ecs.0005", "type '" + this.type + "' is invalid; use SOFT or HARD.");
		}

		List<String> ids() {
			return ServerActionRequests.ids(this.servers);
		}

	}

	/** The delete body; the public-IP and volume flags have no meaning here (system disks go with their ECS). */
	record Delete(@Nullable List<ServerRef> servers, @JsonProperty("delete_publicip") @Nullable Boolean deletePublicIp,
			@JsonProperty("delete_volume") @Nullable Boolean deleteVolume) {

		List<String> ids() {
			return ServerActionRequests.ids(this.servers);
		}

	}

	/** One ECS by id. */
	record ServerRef(@Nullable String id, @JsonAnySetter Map<String, Object> other) {

		ServerRef {
			other = (other != null) ? other : new HashMap<>();
		}

	}

	static List<String> ids(@Nullable List<ServerRef> servers) {
		if (servers == null) {
			throw new ImsException(Kind.INVALID, "Ecs.0005", "servers is required: a list of {\"id\": ...}.");
		}
		return servers.stream().map((server) -> {
			if (server.id() == null || server.id().isBlank()) {
				throw new ImsException(Kind.INVALID, "Ecs.0005", "Every entry of servers needs an id.");
			}
			return server.id();
		}).toList();
	}

}
