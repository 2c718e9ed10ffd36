package cloud.ims.gateway.image;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.image.Image;
import cloud.ims.core.job.JobId;
import cloud.ims.core.store.ImageStore;
import cloud.ims.gateway.security.Caller;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Glance's data plane: create an image's record, upload or import its data, download it.
 */
@RestController
class ImageDataController {

	static final String WEB_DOWNLOAD = "web-download";

	static final String GLANCE_DIRECT = "glance-direct";

	/** Glance's {@code OpenStack-image-import-methods} header: the methods, comma-separated. */
	static final String IMPORT_METHODS = WEB_DOWNLOAD + "," + GLANCE_DIRECT;

	private final ImageImports imports;

	private final ImageCatalogue catalogue;

	private final ImageStore store;

	private final Clock clock;

	ImageDataController(ImageImports imports, ImageCatalogue catalogue, ImageStore store, Clock clock) {
		this.imports = imports;
		this.catalogue = catalogue;
		this.store = store;
		this.clock = clock;
	}

	@PostMapping(path = "/v2/images", consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<Map<String, Object>>> create(Caller caller, @RequestBody GlanceImageRequest request) {
		return this.imports.create(caller, request.toImage(caller.projectId(), caller.isAdmin(), this.clock.instant()))
			.map((image) -> ResponseEntity.created(URI.create("/v2/images/" + image.id()))
				.header("OpenStack-image-import-methods", IMPORT_METHODS)
				.body(ImageView.glance(image, false)));
	}

	@PutMapping(path = "/v2/images/{imageId}/file", consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE)
	Mono<ResponseEntity<Void>> upload(Caller caller, @PathVariable String imageId, ServerHttpRequest request,
			@RequestBody Flux<DataBuffer> body) {
		return this.imports.upload(caller, imageId, body, request.getHeaders().getContentLength())
			.map((jobId) -> ResponseEntity.noContent().header("X-Job-Id", jobId.value()).build());
	}

	/**
	 * Glance's stage: the data of a later glance-direct import, stored when this answers 204 (the header
	 * {@code X-Job-Id} names the stage's job).
	 */
	@PutMapping(path = "/v2/images/{imageId}/stage", consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE)
	Mono<ResponseEntity<Void>> stage(Caller caller, @PathVariable String imageId, ServerHttpRequest request,
			@RequestBody Flux<DataBuffer> body) {
		return this.imports.stage(caller, imageId, body, request.getHeaders().getContentLength())
			.map((jobId) -> ResponseEntity.noContent().header("X-Job-Id", jobId.value()).build());
	}

	@PostMapping("/v2/images/{imageId}/import")
	Mono<ResponseEntity<Void>> importData(Caller caller, @PathVariable String imageId,
			@RequestBody ImportRequest request) {
		Mono<JobId> job = request.isGlanceDirect() ? this.imports.importStaged(caller, imageId)
				: this.imports.webDownload(caller, imageId, request.webDownloadUri());
		return job
			.map((jobId) -> ResponseEntity.accepted()
				.location(URI.create("/v1/" + caller.projectId() + "/jobs/" + jobId.value()))
				.header("X-Job-Id", jobId.value())
				.build());
	}

	@GetMapping("/v2/info/import")
	Map<String, Object> importInfo() {
		return Map.of("import-methods", Map.of("description", "Import methods available.", "type", "array", "value",
				List.of(WEB_DOWNLOAD, GLANCE_DIRECT)));
	}

	@GetMapping("/v2/images/{imageId}/file")
	Mono<ResponseEntity<Resource>> download(Caller caller, @PathVariable String imageId) {
		return this.catalogue.show(caller, imageId).map((shown) -> {
			Image image = shown.image();
			image.requireDownloadableBy(caller.isAdmin());
			if (!image.isUsableBy(caller.projectId())) {
				throw new ImsException(Kind.FORBIDDEN, "IMG.0710", "Image " + image.id() + " is shared with your "
						+ "project but not accepted; accept it first (PUT /v2/images/" + image.id() + "/members/"
						+ caller.projectId() + " with {\"status\": \"accepted\"}), then download it.");
			}
			if (image.data() == null) {
				return ResponseEntity.noContent().<Resource>build();
			}
			return this.store.localPath(image.id().value())
				.map((file) -> ResponseEntity.ok()
					.contentType(MediaType.APPLICATION_OCTET_STREAM)
					.header("Content-MD5", image.data().md5())
					.header(HttpHeaders.ACCEPT_RANGES, "bytes")
					.<Resource>body(new FileSystemResource(file)))
				.orElseGet(() -> ResponseEntity.status(HttpStatus.GONE).<Resource>build());
		});
	}

	/**
	 * Glance's import body: {@code {"method":{"name":"web-download","uri":"..."}}} or
	 * {@code {"method":{"name":"glance-direct"}}}.
	 */
	record ImportRequest(@Nullable Method method, @Nullable List<String> stores,
			@com.fasterxml.jackson.annotation.JsonProperty("all_stores") @Nullable Boolean allStores,
			@com.fasterxml.jackson.annotation.JsonProperty("all_stores_must_succeed") @Nullable Boolean allStoresMustSucceed) {

		boolean isGlanceDirect() {
			return this.method != null && GLANCE_DIRECT.equals(this.method.name());
		}

		String webDownloadUri() {
			if (this.method == null || !WEB_DOWNLOAD.equals(this.method.name())) {
				throw new ImsException(Kind.INVALID, "IMG.0008", "Import method "
						+ ((this.method != null) ? "'" + this.method.name() + "' " : "") + "is not supported; use "
						+ "web-download or glance-direct, or upload the data with PUT /v2/images/{id}/file.");
			}
			if (this.method.uri() == null) {
				throw new ImsException(Kind.INVALID, "IMG.0008", "method.uri is required for web-download.");
			}
			return this.method.uri();
		}

		/** The method and its source. */
		record Method(@Nullable String name, @Nullable String uri) {
		}

	}

}
