package cloud.ims.gateway.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import cloud.ims.core.server.Fault;
import cloud.ims.core.server.Flavor;
import cloud.ims.core.server.Server;
import cloud.ims.core.server.ServerStatus;
import cloud.ims.gateway.web.Times;

/**
 * An ECS as Huawei ECS's ServerDetail has it (JSON names and types fixed by the official SDK's models).
 */
public final class ServerView {

	private ServerView() {
	}

	public static Map<String, Object> of(Server server) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", server.id().value());
		view.put("name", server.name());
		view.put("status", server.status().name());
		view.put("image", Map.of("id", server.imageId().value()));
		view.put("flavor", flavor(server.flavor()));
		view.put("root_volume", Map.of("size", server.rootVolumeGb()));
		view.put("metadata", server.metadata());
		view.put("description", server.description());
		view.put("tenant_id", server.projectId());
		view.put("user_id", server.userId());
		view.put("created", Times.format(server.created()));
		view.put("updated", Times.format(server.updated()));
		view.put("addresses", Map.of());
		view.put("security_groups", List.of());
		view.put("tags", List.of());
		view.put("OS-EXT-STS:vm_state", vmState(server));
		view.put("OS-EXT-STS:power_state", switch (server.status()) {
			case ACTIVE -> 1;
			case SHUTOFF -> 4;
			default -> 0;
		});
		view.put("OS-EXT-STS:task_state", (server.status() == ServerStatus.BUILD) ? "spawning" : null);
		view.put("progress", (server.status() == ServerStatus.BUILD) ? 0 : 100);
		view.put("locked", false);
		view.put("os-extended-volumes:volumes_attached", List.of());
		view.put("job_id", server.jobId());
		Fault fault = server.fault();
		if (fault != null) {
			view.put("fault", Map.of("code", fault.code(), "message", fault.message()));
		}
		return view;
	}

	static Map<String, Object> flavor(Flavor flavor) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", flavor.id());
		view.put("name", flavor.name());
		view.put("vcpus", String.valueOf(flavor.vcpus()));
		view.put("ram", String.valueOf(flavor.ramMb()));
		view.put("disk", String.valueOf(flavor.diskGb()));
		return view;
	}

	private static String vmState(Server server) {
		return switch (server.status()) {
			case BUILD -> "building";
			case ACTIVE -> "active";
			case SHUTOFF -> "stopped";
			case ERROR -> "error";
			case DELETED -> "deleted";
		};
	}

}
