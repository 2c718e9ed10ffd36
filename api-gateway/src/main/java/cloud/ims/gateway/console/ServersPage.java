package cloud.ims.gateway.console;

import java.util.List;
import java.util.Map;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.server.Servers;
import cloud.ims.gateway.security.Caller;
import cloud.ims.gateway.server.ServerFilters;
import cloud.ims.gateway.server.ServerOperations;
import cloud.ims.gateway.server.ServerOperations.Operation;
import cloud.ims.gateway.server.ServerView;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The project's ECSs with their status, and start, stop and delete of the selected ones (each a job).
 */
@Controller
@RequestMapping(ConsolePaths.ROOT + "/servers")
class ServersPage {

	private final Servers servers;

	private final ServerOperations operations;

	ServersPage(Servers servers, ServerOperations operations) {
		this.servers = servers;
		this.operations = operations;
	}

	@GetMapping
	Mono<Rendering> list(Caller caller) {
		return all(caller).map((page) -> Rendering.view("console/servers").modelAttribute("servers", page).build());
	}

	/** The status badges alone, polled by the page so that they follow the ECSs without losing the selection. */
	@GetMapping("/statuses")
	Mono<Rendering> statuses(Caller caller) {
		return all(caller).map((page) -> Rendering.view("console/fragments :: serverStatuses")
			.modelAttribute("servers", page)
			.build());
	}

	private Mono<List<Map<String, Object>>> all(Caller caller) {
		MultiValueMap<String, String> query = new LinkedMultiValueMap<>();
		query.add("limit", "1000");
		return this.servers.list(ServerFilters.parse(caller.projectId(), query)).map(ServerView::of).collectList();
	}

	@PostMapping("/{operation}")
	Mono<ResponseEntity<Void>> act(Caller caller, @PathVariable String operation, ServerWebExchange exchange) {
		return FormFields.of(exchange).flatMap((form) -> act(caller, operation, form.all("ids")));
	}

	private Mono<ResponseEntity<Void>> act(Caller caller, String operation, List<String> ids) {
		Operation chosen = switch (operation) {
			case "start" -> Operation.START;
			case "stop" -> Operation.STOP;
			case "delete" -> Operation.DELETE;
			default -> throw new ImsException(Kind.NOT_FOUND, "IMS.0404", "There is no ECS operation '" + operation
					+ "'; use start, stop or delete.");
		};
		if (ids.isEmpty()) {
			return Mono.error(new ImsException(Kind.INVALID, "Ecs.0005",
					"Select at least one ECS (tick its box), then choose the operation."));
		}
		return this.operations.accept(caller, chosen, false, ids).map((jobId) -> Htmx.redirect(Htmx.jobPage(jobId.value())));
	}

}
