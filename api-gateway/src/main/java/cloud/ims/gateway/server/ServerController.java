package cloud.ims.gateway.server;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.job.JobId;
import cloud.ims.core.server.Flavor;
import cloud.ims.core.server.ServerBatch;
import cloud.ims.core.server.ServerId;
import cloud.ims.core.server.ServerQuery;
import cloud.ims.core.server.Servers;
import cloud.ims.gateway.security.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.util.MultiValueMap;
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

	private final ServerSettings settings;

	ServerController(BatchProvisioning provisioning, Servers servers, FlavorCatalogue flavors,
			ServerOperations operations, ServerSettings settings) {
		this.provisioning = provisioning;
		this.servers = servers;
		this.flavors = flavors;
		this.operations = operations;
		this.settings = settings;
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
		ServerBatch batch = request.toBatch(this.settings.batchLimits());
		return this.provisioning.check(caller, batch).flatMap((plan) -> {
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
			@RequestParam MultiValueMap<String, String> parameters) {
		caller.requireProject(projectId);
		ServerQuery query = ServerFilters.parse(projectId, parameters);
		Mono<List<Map<String, Object>>> page = this.servers.list(query).map(ServerView::of).collectList();
		return Mono.zip(this.servers.count(query), page).map((countAndPage) -> {
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

}
