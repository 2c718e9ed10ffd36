package cloud.ims.gateway.image;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import cloud.ims.core.image.Image;
import cloud.ims.core.quota.ProjectQuota;
import cloud.ims.core.quota.ProjectQuotas;
import cloud.ims.gateway.quota.QuotaSettings;
import cloud.ims.gateway.security.Caller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Glance's discovery calls on quotas and stores ({@code glance usage}, {@code glance stores-info}). The image count
 * is the quota the other calls enforce, and so is the size's limit, the project's quota of image bytes (ADR 38) in MiB
 * as Glance counts it; sizes are measured from the project's stored images. IMS has no staging or upload-count quota,
 * so those limits are -1 (unlimited), as Glance shows a limit not set.
 */
@RestController
class GlanceInfoController {

	/** The one store every image's data is in. */
	static final String STORE_ID = "local";

	private static final long MIB = 1024 * 1024;

	private static final int UNLIMITED = -1;

	private final ImageCatalogue catalogue;

	private final ProjectQuotas quotas;

	private final QuotaSettings settings;

	private final ImageQuotas imageQuotas;

	GlanceInfoController(ImageCatalogue catalogue, ProjectQuotas quotas, QuotaSettings settings,
			ImageQuotas imageQuotas) {
		this.catalogue = catalogue;
		this.quotas = quotas;
		this.settings = settings;
		this.imageQuotas = imageQuotas;
	}

	@GetMapping("/v2/info/usage")
	Mono<Map<String, Object>> usage(Caller caller) {
		Mono<Usage> measured = this.catalogue.owned(caller)
			.reduce(new Usage(0, 0), (usage, image) -> usage.plus(image));
		return this.quotas.find(caller.projectId()).zipWith(measured).map((found) -> {
			ProjectQuota quota = found.getT1();
			Usage usage = found.getT2();
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("image_size_total", limited(this.imageQuotas.bytesLimitOf(quota) / MIB, usage.bytes() / MIB));
			body.put("image_stage_total", limited(UNLIMITED, 0));
			body.put("image_count_total", limited(quota.imageLimitOr(this.settings.images()), quota.imagesUsed()));
			body.put("image_count_uploading", limited(UNLIMITED, usage.uploading()));
			return Map.of("usage", body);
		});
	}

	@GetMapping("/v2/info/stores")
	Map<String, Object> stores() {
		return Map.of("stores", List.of(Map.of("id", STORE_ID, "description",
				"The image store of this IMS: every image's data is kept here.", "default", true)));
	}

	private static Map<String, Object> limited(long limit, long usage) {
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("limit", limit);
		entry.put("usage", usage);
		return entry;
	}

	/** The bytes the project's images store, and how many of them are receiving their data. */
	private record Usage(long bytes, long uploading) {

		Usage plus(Image image) {
			return new Usage(this.bytes + ((image.data() != null) ? image.data().size() : 0),
					this.uploading + (image.isBeingCreated() ? 1 : 0));
		}

	}

}
