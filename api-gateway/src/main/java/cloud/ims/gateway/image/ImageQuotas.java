package cloud.ims.gateway.image;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import cloud.ims.core.common.Changed;
import cloud.ims.core.image.Image;
import cloud.ims.core.quota.ImageBytes;
import cloud.ims.core.quota.ImageBytesQuota;
import cloud.ims.core.quota.ProjectQuota;
import cloud.ims.core.quota.ProjectQuotas;
import cloud.ims.gateway.quota.QuotaSettings;
import cloud.ims.gateway.security.Caller;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The per-project image quotas, the count of images and the bytes of their data (ADR 38): a unit reserved atomically
 * before any work starts, released when an image is deleted or fails, with the bytes the image held; shown to the
 * project (admins set them through the quota endpoint).
 */
@Component
@RestController
class ImageQuotas {

	private final ProjectQuotas quotas;

	private final QuotaSettings settings;

	private final ImageBytesQuota bytes;

	ImageQuotas(ProjectQuotas quotas, QuotaSettings settings, ImageBytesQuota bytes) {
		this.quotas = quotas;
		this.settings = settings;
		this.bytes = bytes;
	}

	Mono<ProjectQuota> reserve(String projectId) {
		return this.quotas.update(projectId, (quota) -> Optional.of(quota.reserveImage(this.settings.images())));
	}

	Mono<ProjectQuota> release(String projectId) {
		return this.quotas.update(projectId, ProjectQuota::releaseImage);
	}

	/** Gives back the unit and the bytes of an image that stopped holding them (killed or deleted), once. */
	Mono<ProjectQuota> release(Changed<Image> ended) {
		long held = ImageBytes.heldBy(ended.before());
		return this.quotas.update(ended.after().owner(), (quota) -> quota.releaseImage(held));
	}

	/** The bytes of an image given to another project move with it (its unit moves separately). */
	Mono<Void> moveBytes(Changed<Image> moved) {
		if (moved.before().owner().equals(moved.after().owner())) {
			return Mono.empty();
		}
		return this.bytes.release(moved.before().owner(), ImageBytes.heldBy(moved.before()))
			.then(this.quotas.update(moved.after().owner(),
					(quota) -> quota.adjustBytes(ImageBytes.heldBy(moved.after()))))
			.then();
	}

	/** Refuses (429) work whose bytes would not fit under the project's quota of image bytes; reserves nothing. */
	Mono<Void> admitBytes(String projectId, long bytes) {
		return this.bytes.admit(projectId, bytes);
	}

	ImageBytesQuota bytes() {
		return this.bytes;
	}

	/**
	 * Runs the work that records a new image on a quota unit reserved first (none left: 429 before anything starts),
	 * and gives the unit back when the work fails.
	 */
	<T> Mono<T> reserving(String projectId, Mono<T> work) {
		return reserve(projectId).then(work.onErrorResume((failure) -> release(projectId).then(Mono.error(failure))));
	}

	/** The project's image bytes: what its images use and its limit. */
	Mono<ProjectQuota> find(String projectId) {
		return this.quotas.find(projectId);
	}

	long bytesLimitOf(ProjectQuota quota) {
		return quota.imageBytesLimitOr(this.bytes.defaultLimit());
	}

	/**
	 * Huawei's ShowImageQuota, with the bytes of image data as a second resource ({@code image_size}, in bytes) for
	 * every caller but the Huawei SDKs: their {@code QuotaInfo} holds Integers, which a byte count overflows (ADR 35),
	 * and Huawei's own answer has the image count alone.
	 */
	@GetMapping("/v1/cloudimages/quota")
	Mono<Map<String, Object>> show(Caller caller) {
		return this.quotas.find(caller.projectId()).map((quota) -> view(quota, !caller.readsHuaweiSdkModels()));
	}

	private Map<String, Object> view(ProjectQuota quota, boolean withBytes) {
		int limit = quota.imageLimitOr(this.settings.images());
		Map<String, Object> images = Map.of("type", "image", "used", quota.imagesUsed(), "quota", limit, "min", 0,
				"max", Math.max(limit, this.settings.images()));
		if (!withBytes) {
			return Map.of("quotas", Map.of("resources", List.of(images)));
		}
		long bytesLimit = bytesLimitOf(quota);
		Map<String, Object> bytes = new LinkedHashMap<>();
		bytes.put("type", "image_size");
		bytes.put("used", quota.imageBytesUsed());
		bytes.put("quota", bytesLimit);
		bytes.put("min", 0);
		bytes.put("max", Math.max(bytesLimit, this.bytes.defaultLimit()));
		bytes.put("unit", "byte");
		return Map.of("quotas", Map.of("resources", List.of(images, bytes)));
	}

}
