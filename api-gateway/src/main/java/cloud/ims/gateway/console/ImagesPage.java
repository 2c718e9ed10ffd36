package cloud.ims.gateway.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageTags;
import cloud.ims.core.server.ServerBatch;
import cloud.ims.gateway.image.FrequentlyUsed;
import cloud.ims.gateway.image.ImageCatalogue;
import cloud.ims.gateway.image.ImageDeletion;
import cloud.ims.gateway.image.ImageEditing;
import cloud.ims.gateway.image.ImageView;
import cloud.ims.gateway.image.PatchOperation;
import cloud.ims.gateway.security.Caller;
import cloud.ims.gateway.server.BatchProvisioning;
import cloud.ims.gateway.server.FlavorCatalogue;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The images: the public, private, shared-with-me and frequently used tabs with search and filters, the star,
 * editing, deletion, accepting or rejecting an image shared with the project,
 * publishing (admins) and creating ECSs from an image.
 */
@Controller
@RequestMapping(ConsolePaths.ROOT + "/images")
class ImagesPage {

	private static final List<String> TABS = List.of("public", "private", "shared", "frequent");

	private final ImageCatalogue catalogue;

	private final FrequentlyUsed frequentlyUsed;

	private final ImageEditing editing;

	private final ImageDeletion deletion;

	private final BatchProvisioning provisioning;

	private final FlavorCatalogue flavors;

	ImagesPage(ImageCatalogue catalogue, FrequentlyUsed frequentlyUsed, ImageEditing editing, ImageDeletion deletion,
			BatchProvisioning provisioning, FlavorCatalogue flavors) {
		this.catalogue = catalogue;
		this.frequentlyUsed = frequentlyUsed;
		this.editing = editing;
		this.deletion = deletion;
		this.provisioning = provisioning;
		this.flavors = flavors;
	}

	@GetMapping
	Mono<Rendering> list(Caller caller, @RequestParam(defaultValue = "public") String tab,
			@RequestParam(defaultValue = "") String name, @RequestParam(name = "os_type", defaultValue = "") String osType,
			@RequestParam(defaultValue = "") String status) {
		String shown = TABS.contains(tab) ? tab : "public";
		MultiValueMap<String, String> query = new LinkedMultiValueMap<>();
		query.add("limit", "1000");
		query.add("sort_key", "name");
		query.add("sort_dir", "asc");
		switch (shown) {
			case "private" -> query.add("__imagetype", "private");
			case "shared" -> {
				query.add("__imagetype", "shared");
				query.add("member_status", "all");
			}
			case "frequent" -> query.add("__frequently_used", "true");
			default -> query.add("__imagetype", "gold");
		}
		if (StringUtils.hasText(osType)) {
			query.add("__os_type", osType);
		}
		if (StringUtils.hasText(status)) {
			query.add("status", status);
		}
		String search = name.trim().toLowerCase(Locale.ROOT);
		return this.catalogue.list(caller, query).map((page) -> {
			List<Map<String, Object>> images = page.images()
				.stream()
				.filter((image) -> image.name().toLowerCase(Locale.ROOT).contains(search))
				.map((image) -> withMembership(withTagPairs(ImageView.huawei(image, page.frequentlyUsed(image),
						caller.projectId()), image), image, caller))
				.toList();
			return Rendering.view("console/images")
				.modelAttribute("tab", shown)
				.modelAttribute("name", name)
				.modelAttribute("osType", osType)
				.modelAttribute("status", status)
				.modelAttribute("images", images)
				.build();
		});
	}

	@PostMapping("/{imageId}/star")
	Mono<Rendering> star(Caller caller, @PathVariable String imageId) {
		return this.frequentlyUsed.add(caller, imageId).then(starButton(caller, imageId));
	}

	@PostMapping("/{imageId}/unstar")
	Mono<Rendering> unstar(Caller caller, @PathVariable String imageId) {
		return this.frequentlyUsed.remove(caller, imageId).then(starButton(caller, imageId));
	}

	private Mono<Rendering> starButton(Caller caller, String imageId) {
		return this.catalogue.show(caller, imageId)
			.map((shown) -> Rendering.view("console/fragments :: star")
				.modelAttribute("img", ImageView.huawei(shown.image(), shown.frequentlyUsed()))
				.build());
	}

	@PostMapping("/{imageId}/delete")
	Mono<Rendering> delete(Caller caller, @PathVariable String imageId) {
		return this.catalogue.show(caller, imageId)
			.flatMap((shown) -> this.deletion.delete(caller, imageId)
				.thenReturn(Rendering.view("console/fragments :: deleted")
					.modelAttribute("message", "Image " + shown.image().name() + " was deleted.")
					.build()));
	}

	@GetMapping("/{imageId}/edit")
	Mono<Rendering> editForm(Caller caller, @PathVariable String imageId) {
		return this.catalogue.show(caller, imageId)
			.map((shown) -> Rendering.view("console/image-edit")
				.modelAttribute("img", ImageView.huawei(shown.image(), shown.frequentlyUsed()))
				.modelAttribute("tagLines", String.join("\n", shown.image().tags()))
				.build());
	}

	@PostMapping("/{imageId}/edit")
	Mono<ResponseEntity<Void>> edit(Caller caller, @PathVariable String imageId, ServerWebExchange exchange) {
		return FormFields.of(exchange).flatMap((form) -> edit(caller, imageId, form.text("name"),
				form.text("description"), form.text("min_disk"), form.text("tags")));
	}

	private Mono<ResponseEntity<Void>> edit(Caller caller, String imageId, String name, String description,
			String minDisk, String tags) {
		List<String> lines = tags.lines().map(String::trim).filter(StringUtils::hasText).toList();
		return this.catalogue.show(caller, imageId).flatMap((shown) -> {
			List<PatchOperation> patch = new ArrayList<>();
			patch.add(replace("/name", name));
			patch.add(StringUtils.hasText(description) ? replace("/__description", description)
					: new PatchOperation("remove", "/__description", null, Map.of()));
			patch.add(replace("/min_disk", minDisk.trim()));
			patch.add(replace("/tags", ImageTags.of(shown.image()).rewritten(lines).stored()));
			return this.editing.patchActive(caller, imageId, patch);
		})
			.map((image) -> Htmx.redirect(ConsolePaths.ROOT + "/images?tab="
					+ ("public".equals(image.visibility().wireName()) ? "public" : "private")));
	}

	/** For an image shared with the caller's project: its answer, which the "Shared with me" tab shows and changes. */
	private static Map<String, Object> withMembership(Map<String, Object> view, Image image, Caller caller) {
		view.put("memberStatus", image.members().of(caller.projectId())
			.filter((member) -> !image.owner().equals(caller.projectId()))
			.map((member) -> member.status().wireName())
			.orElse(null));
		view.put("shareable", image.owner().equals(caller.projectId()) && !"public".equals(image.visibility().wireName()));
		return view;
	}

	/** The image's tags as key/value pairs, for the list. */
	private static Map<String, Object> withTagPairs(Map<String, Object> view, Image image) {
		view.put("tagPairs", ImageTags.of(image).pairs().stream()
			.map((tag) -> Map.of("key", tag.key(), "value", tag.value()))
			.toList());
		return view;
	}

	/** Admins publish a private image or withdraw a public one; the editing service refuses anyone else. */
	@PostMapping("/{imageId}/visibility")
	Mono<ResponseEntity<Void>> visibility(Caller caller, @PathVariable String imageId, @RequestParam String value) {
		return this.editing.patchActive(caller, imageId, List.of(replace("/visibility", value))).thenReturn(Htmx.refresh());
	}

	@GetMapping("/{imageId}/servers")
	Mono<Rendering> createServersForm(Caller caller, @PathVariable String imageId) {
		return this.catalogue.show(caller, imageId)
			.map((shown) -> Rendering.view("console/servers-new")
				.modelAttribute("img", ImageView.huawei(shown.image(), shown.frequentlyUsed()))
				.modelAttribute("flavors", this.flavors.all())
				.build());
	}

	/**
	 * The image is named in the path here, so one the caller cannot see is 404 as on its page ({@code IMG.0027}),
	 * the same as one that does not exist; the API, which names it in the body, answers both 400 {@code Ecs.0114}.
	 */
	@PostMapping("/{imageId}/servers")
	Mono<ResponseEntity<Void>> createServers(Caller caller, @PathVariable String imageId, ServerWebExchange exchange) {
		return this.catalogue.show(caller, imageId)
			.then(FormFields.of(exchange))
			.flatMap((form) -> createServers(caller, imageId, form.text("name"), form.text("flavor"),
					form.text("count"), form.text("mode"), form.text("min_count")));
	}

	private Mono<ResponseEntity<Void>> createServers(Caller caller, String imageId, String name, String flavor,
			String count, String mode, String minCount) {
		ServerBatch batch = ServerBatch.of(new ServerBatch.Requested(imageId, flavor, name,
				number("count", count.isEmpty() ? "1" : count), false, null, null, null, mode.isEmpty() ? null : mode,
				"all_or_nothing".equals(mode) && StringUtils.hasText(minCount) ? number("min_count", minCount) : null),
				this.provisioning.limits());
		return this.provisioning.check(caller, batch)
			.flatMap((plan) -> this.provisioning.accept(caller, plan))
			.map((accepted) -> Htmx.redirect(Htmx.jobPage(accepted.jobId().value())));
	}

	private static PatchOperation replace(String path, @Nullable Object value) {
		return new PatchOperation("replace", path, value, Map.of());
	}

	static Integer number(String field, String value) {
		try {
			return Integer.valueOf(value.trim());
		}
		catch (NumberFormatException notNumber) {
			throw new ImsException(Kind.INVALID, "IMS.0400", field.replace('_', ' ') + " must be a whole number; '"
					+ value + "' is not.");
		}
	}

}
