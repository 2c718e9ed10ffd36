package cloud.ims.gateway.console;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import cloud.ims.core.image.ImageDraft;
import cloud.ims.core.imports.UrlImport;
import cloud.ims.core.server.ServerStatus;
import cloud.ims.core.server.Servers;
import cloud.ims.gateway.image.GlanceImageRequest;
import cloud.ims.gateway.image.ImageCapture;
import cloud.ims.gateway.image.ImageImports;
import cloud.ims.gateway.security.Caller;
import cloud.ims.gateway.server.ServerFilters;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Controller;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Creating a private image: capture one of the user's ECSs, import a file from a URL, or upload a file from the
 * browser (the Glance flow: the image's record first, then its data streamed to the image store).
 */
@Controller
@RequestMapping(ConsolePaths.ROOT + "/images/new")
class NewImagePage {

	private final Servers servers;

	private final ImageCapture capture;

	private final ImageImports imports;

	private final Clock clock;

	NewImagePage(Servers servers, ImageCapture capture, ImageImports imports, Clock clock) {
		this.servers = servers;
		this.capture = capture;
		this.imports = imports;
		this.clock = clock;
	}

	@GetMapping
	Mono<Rendering> form(Caller caller,
			@RequestParam(name = "instance_id", required = false) @Nullable String instanceId) {
		return this.servers.list(ServerFilters.parse(caller.projectId(), new LinkedMultiValueMap<>(Map.of("limit",
				List.of("1000")))))
			.filter((server) -> server.status() == ServerStatus.ACTIVE || server.status() == ServerStatus.SHUTOFF)
			.collectList()
			.map((capturable) -> Rendering.view("console/image-new")
				.modelAttribute("servers", capturable)
				.modelAttribute("instanceId", (instanceId != null) ? instanceId : "")
				.build());
	}

	@PostMapping("/from-server")
	Mono<ResponseEntity<Void>> fromServer(Caller caller, ServerWebExchange exchange) {
		return FormFields.of(exchange).flatMap((form) -> this.capture.accept(caller,
				draft(form.text("name"), form.text("description")), form.text("instance_id")))
			.map((jobId) -> Htmx.redirect(Htmx.jobPage(jobId.value())));
	}

	@PostMapping("/from-url")
	Mono<ResponseEntity<Void>> fromUrl(Caller caller, ServerWebExchange exchange) {
		return FormFields.of(exchange).flatMap((form) -> this.imports.fromUrl(caller,
				UrlImport.of(draft(form.text("name"), form.text("description")), form.text("image_url"),
						ImagesPage.number("min_disk", form.text("min_disk")), blankToNull(form.text("disk_format")), null,
						null, blankToNull(form.text("os_type")))))
			.map((jobId) -> Htmx.redirect(Htmx.jobPage(jobId.value())));
	}

	/** The upload's first step: the image's record, in queued, waiting for its data. */
	@PostMapping("/upload")
	Mono<ResponseEntity<Map<String, Object>>> createForUpload(Caller caller, ServerWebExchange exchange) {
		return FormFields.of(exchange).flatMap((form) -> this.imports.create(caller, new GlanceImageRequest(null,
				form.text("name"), "private", null, null, blankToNull(form.text("disk_format")), "bare",
				ImagesPage.number("min_disk", form.text("min_disk")), null, Map.of())
			.toImage(caller.projectId(), caller.isAdmin(), this.clock.instant())))
			.map((image) -> ResponseEntity.status(HttpStatus.CREATED).body(Map.of("image_id", image.id().value())));
	}

	/** The upload's second step: the file, streamed into the image store; the answer names the job to follow. */
	@PutMapping("/upload/{imageId}/file")
	Mono<ResponseEntity<Map<String, Object>>> upload(Caller caller, @PathVariable String imageId,
			ServerHttpRequest request) {
		return this.imports.upload(caller, imageId, request.getBody(), request.getHeaders().getContentLength())
			.map((jobId) -> ResponseEntity.ok(Map.of("job_id", jobId.value(), "location", Htmx.jobPage(jobId.value()))));
	}

	/** A private image with the form's name and description. */
	private static ImageDraft draft(String name, String description) {
		return ImageDraft.of(name, blankToNull(description), List.of(), null, null, null, false);
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return StringUtils.hasText(value) ? value : null;
	}

}
