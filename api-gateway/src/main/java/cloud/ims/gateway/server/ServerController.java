package cloud.ims.gateway.server;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.job.JobId;
import cloud.ims.core.server.Flavor;
import cloud.ims.core.server.ServerId;
import cloud.ims.core.server.ServerQuery;
import cloud.ims.core.server.ServerStatus;
import cloud.ims.core.server.Servers;
import cloud.ims.gateway.security.Caller;
import cloud.ims.gateway.web.Paging;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * ECSs in Huawei ECS's dialect: flavors, batch creation (a job), list and show.
 */
@RestController
class ServerController {

	private final BatchProvisioning provisioning;

	private final Servers servers;

	private final FlavorCatalogue flavors;

	private final ServerOperations operations;

	ServerController(BatchProvisioning provisioning, Servers servers, FlavorCatalogue flavors,
			ServerOperations operations) {
		this.provisioning = provisioning;
		this.servers = servers;
		this.flavors = flavors;
		this.operations = operations;
	}

	@GetMapping("/v1/{projectId}/cloudservers/flavors")
	Map<String, Object> flavors(Caller caller, @PathVariable String projectId) {
		caller.requireProject(projectId);
		return Map.of("flavors", this.flavors.all().stream().map(ServerController::flavor).toList());
	}

	@PostMapping({ "/v1/{projectId}/cloudservers", "/v1.1/{projectId}/cloudservers" })
	Mono<ResponseEntity<Map<String, Object>>> create(Caller caller, @PathVariable String projectId,
			@RequestBody CreateServersRequest request) {
		caller.requireProject(projectId);
		return this.provisioning.check(caller, request).flatMap((plan) -> {
			if (request.isDryRun()) {
				return Mono.just(ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.<String, Object>of("dry_run", "passed")));
			}
			return this.provisioning.accept(caller, plan).map((accepted) -> {
				Map<String, Object> body = new LinkedHashMap<>();
				body.put("job_id", accepted.jobId().value());
				body.put("serverIds", accepted.serverIds());
				return ResponseEntity.accepted()
					.location(URI.create("/v1/" + projectId + "/jobs/" + accepted.jobId().value()))
					.body(body);
			});
		});
	}

	@PostMapping("/v1/{projectId}/cloudservers/action")
	Mono<ResponseEntity<Map<String, Object>>> act(Caller caller, @PathVariable String projectId,
			@RequestBody ServerActionRequests.Action action) {
		caller.requireProject(projectId);
		ServerOperations.Operation operation = action.operation();
		return accepted(projectId, this.operations.accept(caller, operation, action.targets().hard(),
				action.targets().ids()));
	}

	@PostMapping("/v1/{projectId}/cloudservers/delete")
	Mono<ResponseEntity<Map<String, Object>>> delete(Caller caller, @PathVariable String projectId,
			@RequestBody ServerActionRequests.Delete delete) {
		caller.requireProject(projectId);
		return accepted(projectId, this.operations.accept(caller, ServerOperations.Operation.DELETE, false, delete.ids()));
	}

	private static Mono<ResponseEntity<Map<String, Object>>> accepted(String projectId, Mono<JobId> job) {
		return job.map((jobId) -> ResponseEntity.accepted()
			.location(URI.create("/v1/" + projectId + "/jobs/" + jobId.value()))
			.body(Map.<String, Object>of("job_id", jobId.value())));
	}

	@GetMapping("/v1/{projectId}/cloudservers/detail")
	Mono<Map<String, Object>> list(Caller caller, @PathVariable String projectId,
			@RequestParam(required = false) @Nullable String name,
			@RequestParam(required = false) @Nullable String status,
			@RequestParam(name = "image_id", required = false) @Nullable String imageId,
			@RequestParam(required = false) @Nullable String flavor,
			@RequestParam(required = false) @Nullable String marker,
			@RequestParam(required = false) @Nullable String offset,
			@RequestParam(required = false) @Nullable String limit) {
		caller.requireProject(projectId);
		int pageSize = Paging.limit(limit);
		int page = pageNumber(offset);
		ServerQuery query = new ServerQuery(projectId, name, (status != null) ? serverStatus(status) : null, imageId,
				flavor, (marker != null) ? new ServerId(marker) : null, (page - 1) * pageSize, pageSize);
		Mono<List<Map<String, Object>>> page$ = this.servers.list(query).map(ServerView::of).collectList();
		return Mono.zip(this.servers.count(query), page$).map((countAndPage) -> {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("count", countAndPage.getT1().intValue());
			body.put("servers", countAndPage.getT2());
			return body;
		});
	}

	@GetMapping("/v1/{projectId}/cloudservers/{serverId}")
	Mono<Map<String, Object>> show(Caller caller, @PathVariable String projectId, @PathVariable String serverId) {
		caller.requireProject(projectId);
		return this.servers.findInProject(new ServerId(serverId), projectId)
			.switchIfEmpty(Mono.error(() -> new ImsException(Kind.NOT_FOUND, "Ecs.0404",
					"ECS " + serverId + " does not exist in project " + projectId + ". Check the id.")))
			.map((server) -> Map.of("server", ServerView.of(server)));
	}

	private static Map<String, Object> flavor(Flavor flavor) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", flavor.id());
		view.put("name", flavor.name());
		view.put("vcpus", String.valueOf(flavor.vcpus()));
		view.put("ram", flavor.ramMb());
		view.put("disk", String.valueOf(flavor.diskGb()));
		return view;
	}

	private static ServerStatus serverStatus(String status) {
		try {
			return ServerStatus.valueOf(status);
		}
		catch (IllegalArgumentException unknown) {
			throw new ImsException(Kind.INVALID, "Ecs.0005",
					"Filter status=" + status + " is not an ECS status; use BUILD, ACTIVE, SHUTOFF or ERROR.");
		}
	}

	private static int pageNumber(@Nullable String offset) {
		if (offset == null) {
			return 1;
		}
		try {
			int page = Integer.parseInt(offset);
			if (page >= 1) {
				return page;
			}
		}
		catch (NumberFormatException notANumber) {
			// answered below
		}
		throw new ImsException(Kind.INVALID, "Ecs.0005", "Parameter offset=" + offset
				+ " is invalid; it is a page number starting at 1.");
	}

}
