package cloud.ims.gateway.image;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import cloud.ims.core.common.Ids;
import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.identity.Projects;
import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageMember;
import cloud.ims.core.image.Images;
import cloud.ims.core.image.MemberStatus;
import cloud.ims.core.job.Job;
import cloud.ims.core.job.JobId;
import cloud.ims.core.job.JobStatus;
import cloud.ims.core.job.JobType;
import cloud.ims.core.job.Jobs;
import cloud.ims.core.job.SubJob;
import cloud.ims.gateway.security.Caller;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Sharing images between projects, for both dialects: Glance's calls on one member of one image, and Huawei's batch
 * calls on images times projects, which answer a job that is already finished and says in its sub-jobs what became
 * of each pair. Every change is one compare-and-set on the image (its rules are {@link Image}'s) with its one event;
 * a member project must exist.
 */
@Component
public class ImageSharing {

	/** The most image and project pairs one batch call may name. */
	static final int MAX_PAIRS = 1000;

	private final ImageAccess access;

	private final Images images;

	private final Projects projects;

	private final Jobs jobs;

	private final SharingSettings settings;

	private final Clock clock;

	ImageSharing(ImageAccess access, Images images, Projects projects, Jobs jobs, SharingSettings settings,
			Clock clock) {
		this.access = access;
		this.images = images;
		this.projects = projects;
		this.jobs = jobs;
		this.settings = settings;
		this.clock = clock;
	}

	/** Glance's add member: the new member, pending. */
	public Mono<ImageMember> add(Caller caller, String imageId, String project) {
		return this.access.shown(caller, imageId).flatMap((image) -> {
			image.requireMembersManagedBy(caller.projectId(), caller.isAdmin());
			return requireProject(project).then(this.images.update(image.id(),
					(current) -> current.addMember(project, caller.projectId(), caller.isAdmin(),
							this.settings.memberLimit(), this.clock.instant()),
					caller.actor()));
		}).map((image) -> image.members().of(project).orElseThrow());
	}

	/** Glance's remove member: the project no longer sees the image nor creates ECSs from it. */
	public Mono<Void> remove(Caller caller, String imageId, String project) {
		return this.access.shown(caller, imageId)
			.flatMap((image) -> this.images.update(image.id(), (current) -> current.removeMember(project,
					caller.projectId(), caller.isAdmin(), this.clock.instant()), caller.actor()))
			.then();
	}

	/** The member's answer, by the member itself. */
	public Mono<ImageMember> answer(Caller caller, String imageId, String project, MemberStatus status) {
		return this.access.shown(caller, imageId)
			.flatMap((image) -> this.images.update(image.id(),
					(current) -> current.answer(project, status, caller.projectId(), this.clock.instant()),
					caller.actor()))
			.map((image) -> image.members().of(project).orElseThrow());
	}

	/** The image and the members the caller may see: all of them for the owner, its own membership for a member. */
	public Mono<Members> members(Caller caller, String imageId) {
		return this.access.shown(caller, imageId).map((image) -> new Members(image, image.owner().equals(caller.projectId())
				? image.members().list() : image.members().of(caller.projectId()).stream().toList()));
	}

	/** One member as the caller may see it (404 otherwise). */
	public Mono<ImageMember> member(Caller caller, String imageId, String project) {
		return members(caller, imageId).map((members) -> members.list()
			.stream()
			.filter((member) -> member.projectId().equals(project))
			.findFirst()
			.orElseThrow(() -> new ImsException(Kind.NOT_FOUND, "IMG.0705", "Project " + project
					+ " is not a member of image " + imageId + ". List its members with GET /v2/images/" + imageId
					+ "/members.")));
	}

	/**
	 * Huawei's BatchAddMembers: each image shared with each project, one write per image. Every image must be one
	 * the caller manages, checked before anything is written or recorded.
	 */
	public Mono<JobId> addAll(Caller caller, List<String> imageIds, List<String> projectIds) {
		List<String> images = distinct(imageIds, "images");
		List<String> members = distinct(projectIds, "projects");
		requirePairs(images, members);
		return requireEach(caller, images,
				(image) -> image.requireMembersManagedBy(caller.projectId(), caller.isAdmin()))
			.then(knownProjects(members))
			.flatMap((known) -> Flux.fromIterable(images)
				.concatMap((imageId) -> share(caller, imageId, members, known))
				.collectList()
				.flatMap((outcomes) -> record(caller, JobType.ADD_IMAGE_MEMBERS, images, flatten(outcomes))));
	}

	/**
	 * Huawei's BatchUpdateMembers: the caller's project accepts or rejects each image. Every image must be shared
	 * with the caller's project, checked before anything is written or recorded.
	 */
	public Mono<JobId> answerAll(Caller caller, List<String> imageIds, String project, MemberStatus status) {
		List<String> images = distinct(imageIds, "images");
		requirePairs(images, List.of(project));
		if (!project.equals(caller.projectId())) {
			throw new ImsException(Kind.FORBIDDEN, "IMG.0704", "project_id " + project + " is not the project of the "
					+ "token (" + caller.projectId() + "): a project accepts or rejects images only for itself.");
		}
		return requireEach(caller, images,
				(image) -> image.answer(project, status, caller.projectId(), this.clock.instant()))
			.thenMany(Flux.fromIterable(images))
			.concatMap((imageId) -> answer(caller, imageId, project, status)
				.map((member) -> Outcome.done(imageId, project))
				.onErrorResume(ImsException.class, (refused) -> Mono.just(Outcome.refused(imageId, project, refused))))
			.collectList()
			.flatMap((outcomes) -> record(caller, JobType.UPDATE_IMAGE_MEMBERS, images, outcomes));
	}

	/**
	 * Huawei's BatchDeleteMembers: each project removed from each image, one write per image. Every image must be
	 * one the caller manages, checked before anything is written or recorded.
	 */
	public Mono<JobId> removeAll(Caller caller, List<String> imageIds, List<String> projectIds) {
		List<String> images = distinct(imageIds, "images");
		List<String> members = distinct(projectIds, "projects");
		requirePairs(images, members);
		return requireEach(caller, images,
				(image) -> image.requireMembersManagedBy(caller.projectId(), caller.isAdmin()))
			.thenMany(Flux.fromIterable(images))
			.concatMap((imageId) -> unshare(caller, imageId, members))
			.collectList()
			.flatMap((outcomes) -> record(caller, JobType.DELETE_IMAGE_MEMBERS, images, flatten(outcomes)));
	}

	/**
	 * Refuses a batch up front, as the single-image calls refuse their image: an image the caller cannot see
	 * answers exactly as one that does not exist (404, so that ids cannot be probed), one it sees but may not touch
	 * with the rule's refusal; nothing is written and no job is recorded then. What depends on the pair (an unknown
	 * project, a project that is no member) is still said per pair in the job.
	 */
	private Mono<Void> requireEach(Caller caller, List<String> imageIds, Consumer<Image> rule) {
		return Flux.fromIterable(imageIds).concatMap((imageId) -> this.access.shown(caller, imageId)).doOnNext(rule).then();
	}

	private Mono<List<Outcome>> share(Caller caller, String imageId, List<String> members, Set<String> known) {
		List<String> valid = members.stream().filter(known::contains).toList();
		return this.access.shown(caller, imageId).flatMap((image) -> {
			image.requireMembersManagedBy(caller.projectId(), caller.isAdmin());
			List<String> others = valid.stream().filter((project) -> !project.equals(image.owner())).toList();
			Mono<Image> shared = others.isEmpty() ? Mono.just(image) : this.images.update(image.id(),
					(current) -> current.shareWith(others, caller.projectId(), caller.isAdmin(),
							this.settings.memberLimit(), this.clock.instant()),
					caller.actor());
			return shared.map((updated) -> members.stream().map((project) -> {
				if (!known.contains(project)) {
					return Outcome.refused(imageId, project, unknownProject(project));
				}
				if (project.equals(updated.owner())) {
					return Outcome.refused(imageId, project, new ImsException(Kind.INVALID, "IMG.0708", "Image "
							+ imageId + " belongs to project " + project + " already; share it with other projects."));
				}
				return Outcome.done(imageId, project);
			}).toList());
		}).onErrorResume(ImsException.class, (refused) -> Mono.just(members.stream()
			.map((project) -> Outcome.refused(imageId, project, refused))
			.toList()));
	}

	private Mono<List<Outcome>> unshare(Caller caller, String imageId, List<String> members) {
		AtomicReference<Set<String>> removed = new AtomicReference<>(Set.of());
		return this.access.shown(caller, imageId).flatMap((image) -> {
			image.requireMembersManagedBy(caller.projectId(), caller.isAdmin());
			return this.images.update(image.id(), (current) -> {
				Image next = current;
				Set<String> gone = new LinkedHashSet<>();
				for (String project : members) {
					if (next.members().of(project).isPresent()) {
						next = next.removeMember(project, caller.projectId(), caller.isAdmin(), this.clock.instant())
							.orElseThrow();
						gone.add(project);
					}
				}
				removed.set(gone);
				return gone.isEmpty() ? Optional.empty() : Optional.of(next);
			}, caller.actor());
		})
			.map((updated) -> members.stream()
				.map((project) -> removed.get().contains(project) ? Outcome.done(imageId, project)
						: Outcome.refused(imageId, project, new ImsException(Kind.NOT_FOUND, "IMG.0705", "Project "
								+ project + " is not a member of image " + imageId + ".")))
				.toList())
			.onErrorResume(ImsException.class, (refused) -> Mono.just(members.stream()
				.map((project) -> Outcome.refused(imageId, project, refused))
				.toList()));
	}

	private Mono<Void> requireProject(String project) {
		return knownProjects(List.of(project)).flatMap((known) -> known.isEmpty()
				? Mono.error(unknownProject(project)) : Mono.empty());
	}

	/** The projects of the list that exist. */
	private Mono<Set<String>> knownProjects(List<String> projectIds) {
		return Flux.fromIterable(projectIds)
			.concatMap((project) -> this.projects.find(project).map((found) -> project))
			.collect(LinkedHashSet::new, Set::add);
	}

	private static ImsException unknownProject(String project) {
		return new ImsException(Kind.INVALID, "IMG.0708", "Project " + project
				+ " does not exist. Share images with the id of an existing project.");
	}

	/**
	 * Records the finished job: SUCCESS when every pair was done, else FAIL with the first refusal's code; each pair
	 * is a sub-job with its own outcome.
	 */
	private Mono<JobId> record(Caller caller, JobType type, List<String> images, List<Outcome> outcomes) {
		Instant now = this.clock.instant();
		List<SubJob> subJobs = outcomes.stream().map((outcome) -> outcome.subJob(type, now)).toList();
		List<Outcome> refused = outcomes.stream().filter((outcome) -> outcome.refusal() != null).toList();
		Map<String, String> entities = new HashMap<>();
		if (images.size() == 1) {
			entities.put("image_id", images.get(0));
		}
		ImsException first = refused.isEmpty() ? null : refused.get(0).refusal();
		Job job = new Job(JobId.newId(), type, caller.actor(), (first == null) ? JobStatus.SUCCESS : JobStatus.FAIL, now,
				now, now, (first != null) ? first.code() : null,
				(first != null) ? refused.size() + " of " + outcomes.size() + " image and project pairs were refused ("
						+ "see entities.results); the first: " + first.getMessage() : null,
				Map.copyOf(entities), subJobs, 1.0, null, now, 0, 0);
		return this.jobs.insert(job).map(Job::id);
	}

	private static List<Outcome> flatten(List<List<Outcome>> outcomes) {
		List<Outcome> all = new ArrayList<>();
		outcomes.forEach(all::addAll);
		return all;
	}

	private static List<String> distinct(@Nullable List<String> values, String field) {
		if (values == null || values.isEmpty()) {
			throw new ImsException(Kind.INVALID, "IMG.0707", "Give at least one id in \"" + field + "\".");
		}
		for (String value : values) {
			if (value == null || value.isBlank() || value.length() > 255) {
				throw new ImsException(Kind.INVALID, "IMG.0707", "\"" + field + "\" holds an empty or overlong id ("
						+ "1 to 255 characters).");
			}
		}
		return List.copyOf(new LinkedHashSet<>(values));
	}

	private static void requirePairs(List<String> images, List<String> projects) {
		for (String image : images) {
			if (!Ids.isWellFormed(image)) {
				throw new ImsException(Kind.INVALID, "IMG.0707", "'" + image + "' in \"images\" is not an image id.");
			}
		}
		if ((long) images.size() * projects.size() > MAX_PAIRS) {
			throw new ImsException(Kind.INVALID, "IMG.0707", images.size() + " images times " + projects.size()
					+ " projects is more than " + MAX_PAIRS + " pairs in one call; split it.");
		}
	}

	/** The image and the members the caller may see. */
	public record Members(Image image, List<ImageMember> list) {
	}

	/** What became of one image and project pair: done, or refused with the reason. */
	private record Outcome(String imageId, String projectId, @Nullable ImsException refusal) {

		static Outcome done(String imageId, String projectId) {
			return new Outcome(imageId, projectId, null);
		}

		static Outcome refused(String imageId, String projectId, ImsException refusal) {
			return new Outcome(imageId, projectId, refusal);
		}

		SubJob subJob(JobType type, Instant at) {
			Map<String, String> entities = Map.of("image_id", this.imageId, "project_id", this.projectId);
			return (this.refusal == null)
					? new SubJob(Ids.newId(), type, JobStatus.SUCCESS, entities, null, null, at, at)
					: new SubJob(Ids.newId(), type, JobStatus.FAIL, entities, this.refusal.code(),
							this.refusal.getMessage(), at, at);
		}

	}

}
