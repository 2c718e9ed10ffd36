package cloud.ims.gateway.console;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.image.ImageMember;
import cloud.ims.core.image.MemberStatus;
import cloud.ims.gateway.image.ImageSharing;
import cloud.ims.gateway.security.Caller;
import cloud.ims.gateway.web.Times;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Sharing in the console: the Share dialog in which an image's owner adds projects, sees their answers and removes
 * them, and the answers of a project to the images shared with it (the "Shared with me" tab's accept and reject).
 */
@Controller
@RequestMapping(ConsolePaths.ROOT + "/images/{imageId}")
class SharingPage {

	private final ImageSharing sharing;

	SharingPage(ImageSharing sharing) {
		this.sharing = sharing;
	}

	@GetMapping("/members")
	Mono<Rendering> dialog(Caller caller, @PathVariable String imageId) {
		return dialog(caller, imageId, List.of(), null);
	}

	/** Adds the projects given one per line (or separated by spaces or commas); each refusal is shown by project. */
	@PostMapping("/members")
	Mono<Rendering> add(Caller caller, @PathVariable String imageId, ServerWebExchange exchange) {
		return FormFields.of(exchange).flatMap((form) -> {
			List<String> projects = List.copyOf(new LinkedHashSet<>(List.of(form.text("projects").split("[\\s,]+")))
				.stream()
				.filter((project) -> !project.isEmpty())
				.toList());
			if (projects.isEmpty()) {
				throw new ImsException(Kind.INVALID, "IMG.0707", "Enter the id of at least one project to share with.");
			}
			return Flux.fromIterable(projects)
				.concatMap((project) -> this.sharing.add(caller, imageId, project)
					.then(Mono.<Problem>empty())
					.onErrorResume(ImsException.class,
							(refused) -> Mono.just(new Problem(project, refused.code(), refused.getMessage()))))
				.collectList()
				.flatMap((problems) -> dialog(caller, imageId, problems, added(projects, problems)));
		});
	}

	@PostMapping("/members/{projectId}/remove")
	Mono<Rendering> remove(Caller caller, @PathVariable String imageId, @PathVariable String projectId) {
		return this.sharing.remove(caller, imageId, projectId)
			.then(dialog(caller, imageId, List.of(), "Project " + projectId + " no longer shares this image."));
	}

	/** The caller's project accepts or rejects an image shared with it; the list shows the answer. */
	@PostMapping("/answer")
	Mono<ResponseEntity<Void>> answer(Caller caller, @PathVariable String imageId, @RequestParam String status) {
		MemberStatus answer = MemberStatus.fromWireName(status)
			.filter((given) -> given != MemberStatus.PENDING)
			.orElseThrow(() -> new ImsException(Kind.INVALID, "IMG.0707", "Answer accepted or rejected."));
		return this.sharing.answer(caller, imageId, caller.projectId(), answer).thenReturn(Htmx.refresh());
	}

	private Mono<Rendering> dialog(Caller caller, String imageId, List<Problem> problems, @Nullable String notice) {
		return this.sharing.members(caller, imageId).map((members) -> {
			members.image().requireMembersManagedBy(caller.projectId(), caller.isAdmin());
			return Rendering.view("console/sharing :: dialog")
				.modelAttribute("imageId", members.image().id().value())
				.modelAttribute("imageName", members.image().name())
				.modelAttribute("members", members.list().stream().map(SharingPage::row).toList())
				.modelAttribute("problems", problems)
				.modelAttribute("notice", notice)
				.build();
		});
	}

	private static @Nullable String added(List<String> projects, List<Problem> problems) {
		long added = projects.size() - problems.size();
		if (added == 0) {
			return null;
		}
		return "Shared with " + added + ((added == 1) ? " project" : " projects")
				+ "; each sees it once it accepts.";
	}

	private static Map<String, Object> row(ImageMember member) {
		return Map.of("project", member.projectId(), "status", member.status().wireName(), "since",
				Times.format(member.createdAt()), "updated", Times.format(member.updatedAt()));
	}

	/** A project the image could not be shared with, and why. */
	record Problem(String project, String code, String message) {
	}

}
