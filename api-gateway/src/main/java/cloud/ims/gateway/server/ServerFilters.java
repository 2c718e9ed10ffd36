package cloud.ims.gateway.server;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.server.ServerId;
import cloud.ims.core.server.ServerQuery;
import cloud.ims.core.server.ServerStatus;
import cloud.ims.gateway.web.Paging;
import org.jspecify.annotations.Nullable;
import org.springframework.util.MultiValueMap;

/**
 * The list parameters of Huawei ECS's ListServersDetails. Filters the SDK defines on things this cloud has not (tags,
 * IP addresses, reservations) match nothing rather than being ignored, so that a script never acts on ECSs it did not
 * ask for; names the SDK does not define are an error.
 */
public final class ServerFilters {

	static final Set<String> ACCEPTED = Set.of("name", "status", "image_id", "flavor", "server_id", "marker", "offset",
			"limit", "tags", "not-tags", "ip", "ip_eq", "reservation_id", "enterprise_project_id");

	private static final Set<String> MATCH_NOTHING = Set.of("tags", "ip", "ip_eq", "reservation_id");

	/** Statuses Huawei ECS knows that no ECS here is ever in: such a filter matches nothing. */
	private static final Set<String> OTHER_HUAWEI_STATUSES = Set.of("REBOOT", "HARD_REBOOT", "REBUILD", "MIGRATING",
			"RESIZE", "VERIFY_RESIZE", "REVERT_RESIZE", "SHELVED", "SHELVED_OFFLOADED", "UNKNOWN", "PAUSED",
			"SUSPENDED", "PASSWORD", "DELETED");

	private ServerFilters() {
	}

	public static ServerQuery parse(String projectId, MultiValueMap<String, String> parameters) {
		Set<String> unknown = new TreeSet<>(parameters.keySet());
		unknown.removeAll(ACCEPTED);
		if (!unknown.isEmpty()) {
			throw invalid("Unknown query parameter(s) " + unknown + ". Supported: " + new TreeSet<>(ACCEPTED) + ".");
		}
		boolean matchesNothing = MATCH_NOTHING.stream().anyMatch(parameters::containsKey);
		ServerStatus status = null;
		String statusFilter = parameters.getFirst("status");
		if (statusFilter != null) {
			if (OTHER_HUAWEI_STATUSES.contains(statusFilter)) {
				matchesNothing = true;
			}
			else {
				status = status(statusFilter);
			}
		}
		String serverIds = parameters.getFirst("server_id");
		List<String> ids = (serverIds != null) ? Arrays.stream(serverIds.split(",")).map(String::trim).toList() : null;
		int limit = Paging.limit(parameters.getFirst("limit"));
		String marker = parameters.getFirst("marker");
		return new ServerQuery(projectId, parameters.getFirst("name"), status, parameters.getFirst("image_id"),
				parameters.getFirst("flavor"), ids, matchesNothing, (marker != null) ? new ServerId(marker) : null,
				(page(parameters.getFirst("offset")) - 1) * limit, limit);
	}

	private static ServerStatus status(String status) {
		try {
			return ServerStatus.valueOf(status);
		}
		catch (IllegalArgumentException unknown) {
			throw invalid("Filter status=" + status + " is not an ECS status; use BUILD, ACTIVE, SHUTOFF or ERROR.");
		}
	}

	/** Huawei's offset is a page number from 1; 0 means the first page too. */
	private static int page(@Nullable String offset) {
		if (offset == null) {
			return 1;
		}
		try {
			int page = Integer.parseInt(offset.trim());
			if (page >= 0) {
				return Math.max(1, page);
			}
		}
		catch (NumberFormatException notANumber) {
			// answered below
		}
		throw invalid("Parameter offset=" + offset + " is invalid; it is a page number starting at 1.");
	}

	private static ImsException invalid(String message) {
		return new ImsException(Kind.INVALID, "Ecs.0005", message);
	}

}
