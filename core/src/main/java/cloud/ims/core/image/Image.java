package cloud.ims.core.image;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import cloud.ims.core.common.Changed;
import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import org.jspecify.annotations.Nullable;

/**
 * An image: its metadata (Glance core properties, Huawei extensions, free-form properties), once active its data,
 * the projects it is shared with, and, between a glance-direct stage and its import, the staged data. Transitions
 * return the changed image, or empty when it is already past that point.
 */
public record Image(ImageId id, String name, ImageStatus status, Visibility visibility, String owner,
		boolean isProtected, List<String> tags, String containerFormat, int minDisk, int minRam,
		@Nullable Integer maxRam, @Nullable ImageData data, String osType, @Nullable String osVersion,
		@Nullable String platform, String osBit, @Nullable String description, String dataOrigin,
		Map<String, String> properties, @Nullable String jobId, Instant createdAt, Instant updatedAt, long version,
		ImageMembers members, @Nullable StagedData staged) {

	/** An image shared with nobody. */
	public Image(ImageId id, String name, ImageStatus status, Visibility visibility, String owner, boolean isProtected,
			List<String> tags, String containerFormat, int minDisk, int minRam, @Nullable Integer maxRam,
			@Nullable ImageData data, String osType, @Nullable String osVersion, @Nullable String platform, String osBit,
			@Nullable String description, String dataOrigin, Map<String, String> properties, @Nullable String jobId,
			Instant createdAt, Instant updatedAt, long version) {
		this(id, name, status, visibility, owner, isProtected, tags, containerFormat, minDisk, minRam, maxRam, data,
				osType, osVersion, platform, osBit, description, dataOrigin, properties, jobId, createdAt, updatedAt,
				version, ImageMembers.NONE, null);
	}

	/** An image with nothing staged. */
	public Image(ImageId id, String name, ImageStatus status, Visibility visibility, String owner, boolean isProtected,
			List<String> tags, String containerFormat, int minDisk, int minRam, @Nullable Integer maxRam,
			@Nullable ImageData data, String osType, @Nullable String osVersion, @Nullable String platform, String osBit,
			@Nullable String description, String dataOrigin, Map<String, String> properties, @Nullable String jobId,
			Instant createdAt, Instant updatedAt, long version, ImageMembers members) {
		this(id, name, status, visibility, owner, isProtected, tags, containerFormat, minDisk, minRam, maxRam, data,
				osType, osVersion, platform, osBit, description, dataOrigin, properties, jobId, createdAt, updatedAt,
				version, members, null);
	}

	public boolean isActive() {
		return this.status == ImageStatus.ACTIVE;
	}

	/** Public, or the project's own: what the project may change (within the other rules) and always see. */
	public boolean isVisibleTo(String projectId) {
		return this.visibility == Visibility.PUBLIC || this.owner.equals(projectId);
	}

	/** Visible to the project, or shared with it whatever it answered: what it may look at. */
	public boolean isShownTo(String projectId) {
		return isVisibleTo(projectId) || isSharedWith(projectId);
	}

	/** Shared with the project, which is not its owner, whatever the project answered. */
	public boolean isSharedWith(String projectId) {
		return this.visibility == Visibility.SHARED && !this.owner.equals(projectId)
				&& this.members.of(projectId).isPresent();
	}

	/**
	 * Whether the project may use the image (create ECSs from it, download it): public, its own, or shared with it and
	 * accepted. A project that has not accepted an image shared with it, or rejected it, accepts it first.
	 */
	public boolean isUsableBy(String projectId) {
		return isVisibleTo(projectId) || (isSharedWith(projectId)
				&& this.members.of(projectId).map((member) -> member.status() == MemberStatus.ACCEPTED).orElse(false));
	}

	/**
	 * Huawei's {@code __imagetype} as the project sees the image: {@code gold} when public, {@code private} for its
	 * own (shared or not), {@code shared} for one another project shares with it.
	 */
	public String imageTypeFor(String projectId) {
		if (this.visibility == Visibility.PUBLIC) {
			return Visibility.PUBLIC.imageType();
		}
		return this.owner.equals(projectId) ? Visibility.PRIVATE.imageType() : Visibility.SHARED.imageType();
	}

	public Optional<Image> startSaving(Instant at) {
		if (this.status != ImageStatus.QUEUED) {
			return Optional.empty();
		}
		return Optional.of(withStatus(ImageStatus.SAVING, this.data, at));
	}

	/**
	 * A queued image gets the job that will write its data (a web download); it is then being created. Empty when
	 * that job has it already (a retried claim, or the worker's claim after the gateway's); refused when another job
	 * has it or its data is there.
	 */
	public Optional<Image> assignJob(String jobId, Instant at) {
		if (isBeingCreatedBy(jobId)) {
			return Optional.empty();
		}
		requireAwaitingData();
		return Optional.of(withJob(ImageStatus.QUEUED, jobId, at));
	}

	/** A queued image starts receiving its data from an upload, under the job that will validate it. */
	public Optional<Image> startUpload(String jobId, Instant at) {
		if (this.status == ImageStatus.SAVING && jobId.equals(this.jobId)) {
			return Optional.empty();
		}
		requireAwaitingData();
		return Optional.of(withJob(ImageStatus.SAVING, jobId, at));
	}

	/**
	 * Glance's stage: a queued image starts receiving its data into the staging area, under the stage's job. Empty
	 * when that job has started it already.
	 */
	public Optional<Image> startStaging(String jobId, Instant at) {
		if (this.status == ImageStatus.UPLOADING && jobId.equals(this.jobId) && this.staged == null) {
			return Optional.empty();
		}
		requireAwaitingData();
		return Optional.of(with(ImageStatus.UPLOADING, this.data, jobId, null, at));
	}

	/**
	 * The stage's bytes are all in the staging area: the image stays uploading, waiting for its import as long as
	 * its user takes (Glance keeps staged data until the import or the deletion). Empty when recorded already;
	 * refused when the stage's job no longer has the image (it was ended meanwhile and the image killed).
	 */
	public Optional<Image> finishStaging(String jobId, StagedData stagedData, Instant at) {
		if (this.status == ImageStatus.UPLOADING && jobId.equals(this.jobId) && stagedData.equals(this.staged)) {
			return Optional.empty();
		}
		if (this.status != ImageStatus.UPLOADING || !isBeingCreatedBy(jobId)) {
			throw new ImsException(Kind.CONFLICT, "IMG.0092", "Image " + this.id + " is " + this.status.wireName()
					+ ": its stage ended before the last bytes arrived. Create a new image and stage its data again.");
		}
		return Optional.of(with(ImageStatus.UPLOADING, this.data, jobId, stagedData, at));
	}

	/**
	 * Glance's glance-direct import: the staged data goes to the import's job, and the image is importing until that
	 * job activates or kills it. Empty when that job has it already; refused when nothing is staged, and when another
	 * job imports it.
	 */
	public Optional<Image> importStaged(String jobId, Instant at) {
		if (this.status == ImageStatus.IMPORTING && jobId.equals(this.jobId)) {
			return Optional.empty();
		}
		if (this.status == ImageStatus.IMPORTING) {
			throw new ImsException(Kind.CONFLICT, "IMG.0092", "Image " + this.id
					+ " is importing already under job " + this.jobId + "; follow that job.");
		}
		if (this.status != ImageStatus.UPLOADING || this.staged == null) {
			throw new ImsException(Kind.CONFLICT, "IMG.0427", "Image " + this.id + " is " + this.status.wireName()
					+ ((this.status == ImageStatus.UPLOADING) ? " and its data is still arriving" : "")
					+ "; glance-direct imports staged data only. Stage the data first (PUT /v2/images/" + this.id
					+ "/stage) and import once that answered 204.");
		}
		return Optional.of(with(ImageStatus.IMPORTING, this.data, jobId, this.staged, at));
	}

	/**
	 * Whether the image keeps that staging file for an import still to come: a worker that is refused the image must
	 * then leave the file alone.
	 */
	public boolean keepsStaged(String stagingFile) {
		return this.status == ImageStatus.UPLOADING && this.staged != null && this.staged.file().equals(stagingFile);
	}

	private void requireAwaitingData() {
		if (this.status != ImageStatus.QUEUED || this.jobId != null) {
			throw new ImsException(Kind.CONFLICT, "IMG.0092", "Image " + this.id + " is " + this.status.wireName()
					+ ((this.jobId != null) ? " and has data coming already" : "")
					+ "; data can be given only to a queued image without any. Create a new image.");
		}
	}

	public Optional<Image> activate(ImageData data, Instant at) {
		if (!isAwaitingOutcome()) {
			return Optional.empty();
		}
		return Optional.of(with(ImageStatus.ACTIVE, data, this.jobId, null, at));
	}

	public Optional<Image> kill(Instant at) {
		if (!isAwaitingOutcome()) {
			return Optional.empty();
		}
		return Optional.of(with(ImageStatus.KILLED, null, this.jobId, null, at));
	}

	/** Not yet active nor killed: the states whose data is still to come, arriving, or being checked. */
	private boolean isAwaitingOutcome() {
		return this.status == ImageStatus.SAVING || this.status == ImageStatus.QUEUED
				|| this.status == ImageStatus.UPLOADING || this.status == ImageStatus.IMPORTING;
	}

	/** Applies an edit; empty when it changes nothing, so that a repeated edit is not a new version. */
	public Optional<Image> edit(ImageEdit edit, Instant at) {
		if (edit.equals(ImageEdit.of(this))) {
			return Optional.empty();
		}
		return Optional.of(new Image(this.id, edit.name(), this.status, edit.visibility(), this.owner, edit.isProtected(),
				List.copyOf(edit.tags()), this.containerFormat, edit.minDisk(), edit.minRam(), edit.maxRam(), this.data,
				this.osType, edit.osVersion(), this.platform, this.osBit, edit.description(), this.dataOrigin,
				Map.copyOf(edit.properties()), this.jobId, this.createdAt, at, this.version, this.members, this.staged));
	}

	/**
	 * Edits the image for a user: public images only for admins, only in the states the API allows, and a change of
	 * visibility (publishing, withdrawing) only by admins; an image that becomes public is protected unless the edit
	 * says otherwise ({@code protectionGiven}). Empty when the edit changes nothing.
	 */
	public Optional<Image> editBy(boolean admin, ImageEdit edit, boolean protectionGiven, Set<ImageStatus> editable,
			Instant at) {
		requireChangeableBy(admin);
		if (!editable.contains(this.status)) {
			throw new ImsException(Kind.CONFLICT, "IMG.0091", "Image " + this.id + " is " + this.status.wireName()
					+ "; only images that are " + String.join(" or ", editable.stream().map(ImageStatus::wireName)
						.sorted().toList()) + " can be edited.");
		}
		if (edit.visibility() == this.visibility) {
			return edit(edit, at);
		}
		if (edit.visibility() != Visibility.SHARED && !this.members.isEmpty()) {
			throw new ImsException(Kind.CONFLICT, "IMG.0712", "Image " + this.id + " is shared with "
					+ this.members.size() + " project(s), so it stays shared: remove its members first (DELETE /v2/images/"
					+ this.id + "/members/{project_id}).");
		}
		if (isPrivateOrShared(this.visibility) && isPrivateOrShared(edit.visibility())) {
			return edit(edit, at);
		}
		if (!admin) {
			throw new ImsException(Kind.FORBIDDEN, "IMG.0094", "Only admins can publish an image or withdraw a public one.");
		}
		boolean isProtected = (edit.visibility() == Visibility.PUBLIC && !protectionGiven) || edit.isProtected();
		return edit(new ImageEdit(edit.name(), edit.description(), edit.minDisk(), edit.minRam(), edit.maxRam(),
				edit.tags(), isProtected, edit.osVersion(), edit.visibility(), edit.properties()), at);
	}

	private static boolean isPrivateOrShared(Visibility visibility) {
		return visibility == Visibility.PRIVATE || visibility == Visibility.SHARED;
	}

	/** Only admins change or delete public images; a project changes its own (visibility rules decide who sees it). */
	public void requireChangeableBy(boolean admin) {
		if (this.visibility == Visibility.PUBLIC && !admin) {
			throw new ImsException(Kind.FORBIDDEN, "IMG.0094",
					"Image " + this.id + " is public: only admins can change or delete public images.");
		}
	}

	/**
	 * Deactivates the image, as Glance does: it stays listed, but its data cannot be downloaded and no ECS can be
	 * created from it, until it is reactivated. Empty when it is deactivated already.
	 */
	public Optional<Image> deactivateBy(String projectId, boolean admin, Instant at) {
		requireLifecycleChangeableBy(projectId, admin);
		if (this.status == ImageStatus.DEACTIVATED) {
			return Optional.empty();
		}
		requireStatus(ImageStatus.ACTIVE, "deactivated");
		return Optional.of(withStatus(ImageStatus.DEACTIVATED, this.data, at));
	}

	/** Reactivates a deactivated image; empty when it is active already. */
	public Optional<Image> reactivateBy(String projectId, boolean admin, Instant at) {
		requireLifecycleChangeableBy(projectId, admin);
		if (this.status == ImageStatus.ACTIVE) {
			return Optional.empty();
		}
		requireStatus(ImageStatus.DEACTIVATED, "reactivated");
		return Optional.of(withStatus(ImageStatus.ACTIVE, this.data, at));
	}

	/**
	 * A copy of this image for a project (Huawei's CopyImageInRegion): a new private image of that project with this
	 * image's metadata but its own id, name and description (this image's when none is given), queued for the job that
	 * gives it this image's data. Only the project's own active images can be copied.
	 */
	public Image copyFor(String projectId, ImageId copyId, String name, @Nullable String description, String jobId,
			Instant at) {
		if (!this.owner.equals(projectId)) {
			throw new ImsException(Kind.FORBIDDEN, "IMG.0612", "Image " + this.id
					+ " belongs to another project; only your project's own images can be copied.");
		}
		if (this.status != ImageStatus.ACTIVE) {
			throw new ImsException(Kind.CONFLICT, "IMG.0611", "Image " + this.id + " is " + this.status.wireName()
					+ "; only active images can be copied.");
		}
		return new Image(copyId, name, ImageStatus.QUEUED, Visibility.PRIVATE, projectId, false, this.tags,
				this.containerFormat, this.minDisk, this.minRam, this.maxRam, null, this.osType, this.osVersion,
				this.platform, this.osBit, (description != null) ? description : this.description, "image," + this.id,
				this.properties, jobId, at, at, 0);
	}

	/**
	 * Huawei's rule for ExportImage: only the project's own images, and only while active (a deactivated image's data
	 * is not handed out).
	 */
	public void requireExportableBy(String projectId) {
		if (!this.owner.equals(projectId)) {
			throw new ImsException(Kind.FORBIDDEN, "IMG.0623", "Image " + this.id
					+ " belongs to another project; only your project's own images can be exported.");
		}
		if (this.status != ImageStatus.ACTIVE || this.data == null) {
			throw new ImsException(Kind.CONFLICT, "IMG.0622", "Image " + this.id + " is " + this.status.wireName()
					+ "; only active images can be exported.");
		}
	}

	/** Glance's rule: an image's data is not handed out while it is deactivated, except to admins. */
	public void requireDownloadableBy(boolean admin) {
		if (this.status == ImageStatus.DEACTIVATED && !admin) {
			throw new ImsException(Kind.FORBIDDEN, "IMG.0602", "Image " + this.id
					+ " is deactivated: its data cannot be downloaded until its owner or an admin reactivates it.");
		}
	}

	/** Glance's policy (the owner or an admin) within IMS's rule that only admins change public images. */
	private void requireLifecycleChangeableBy(String projectId, boolean admin) {
		requireChangeableBy(admin);
		if (!admin && !this.owner.equals(projectId)) {
			throw new ImsException(Kind.FORBIDDEN, "IMG.0603",
					"Only the owner of image " + this.id + " or an admin can deactivate or reactivate it.");
		}
	}

	private void requireStatus(ImageStatus required, String becoming) {
		if (this.status != required) {
			throw new ImsException(Kind.CONFLICT, "IMG.0601", "Image " + this.id + " is " + this.status.wireName()
					+ "; only " + required.wireName() + " images can be " + becoming + ".");
		}
	}

	/** Deletes the image: it leaves every list at once; its data is removed afterwards. */
	public Optional<Image> delete(Instant at) {
		if (this.status == ImageStatus.DELETED) {
			return Optional.empty();
		}
		return Optional.of(withStatus(ImageStatus.DELETED, this.data, at));
	}

	/**
	 * Deletes the image at a user's request, which a protected image or one still being created refuses; empty when
	 * it is deleted already.
	 */
	public Optional<Image> deleteOnRequest(Instant at) {
		if (this.status == ImageStatus.DELETED) {
			return Optional.empty();
		}
		if (this.isProtected) {
			throw new ImsException(Kind.CONFLICT, "IMG.0028", "Image " + this.id
					+ " is protected. Set protected to false first if you really want to delete it.");
		}
		if (isBeingCreated()) {
			throw new ImsException(Kind.CONFLICT, "IMG.0090", "Image " + this.id
					+ " is being created. Wait until its job ends, then delete it.");
		}
		List<String> accepted = this.members.accepted();
		if (!accepted.isEmpty()) {
			throw new ImsException(Kind.CONFLICT, "IMG.0709", "Image " + this.id + " is shared with and accepted by "
					+ String.join(", ", accepted) + ", which may be creating ECSs from it. Remove those members first "
					+ "(DELETE /v2/images/" + this.id + "/members/{project_id}), then delete it.");
		}
		return delete(at);
	}

	/**
	 * Whether the image counts against its project's image quota: every image does until it is killed or deleted,
	 * and the one of those that comes first gives its unit back.
	 */
	public boolean holdsQuota() {
		return this.status != ImageStatus.KILLED && this.status != ImageStatus.DELETED;
	}

	/** Whether this transition gives the image's quota unit back: only the first one that ends its holding does. */
	public static boolean releasesQuota(Changed<Image> transition) {
		return transition.before().holdsQuota() && !transition.after().holdsQuota();
	}

	/**
	 * An image still being made: its data is being written, or a job will write it. A staged image is not: its data
	 * waits for an import nobody may ever ask for, so it can be deleted as a queued one can.
	 */
	public boolean isBeingCreated() {
		return this.status == ImageStatus.SAVING || this.status == ImageStatus.IMPORTING
				|| ((this.status == ImageStatus.QUEUED || this.status == ImageStatus.UPLOADING) && this.jobId != null
						&& this.staged == null);
	}

	/** An image still being made by this job, which alone may end its making. */
	public boolean isBeingCreatedBy(String jobId) {
		return isBeingCreated() && jobId.equals(this.jobId);
	}

	/**
	 * Kills the image when the job that was making it ended without its data (the watchdog timed it out, or the job
	 * was interrupted): empty when it is not that job's to end.
	 */
	public Optional<Image> killUnfinished(String jobId, Instant at) {
		return isBeingCreatedBy(jobId) ? kill(at) : Optional.empty();
	}

	/**
	 * Glance's add member: shares the image with one more project, pending until it answers; refused when that
	 * project is a member already.
	 */
	public Optional<Image> addMember(String projectId, String byProject, boolean admin, int limit, Instant at) {
		requireMembersManagedBy(byProject, admin);
		if (this.members.of(projectId).isPresent()) {
			throw new ImsException(Kind.CONFLICT, "IMG.0706", "Project " + projectId + " is a member of image "
					+ this.id + " already. Its status is " + this.members.of(projectId).get().status().wireName() + ".");
		}
		return shareWith(List.of(projectId), byProject, admin, limit, at);
	}

	/**
	 * Shares the image with projects, each pending until it answers: only an active private (or shared) image, by
	 * the owner or an admin, never with its own project, and to at most {@code limit} projects. Projects that are
	 * members already keep their status; empty when every one of them is. The image becomes shared.
	 */
	public Optional<Image> shareWith(Collection<String> projects, String byProject, boolean admin, int limit,
			Instant at) {
		requireMembersManagedBy(byProject, admin);
		if (this.visibility == Visibility.PUBLIC) {
			throw new ImsException(Kind.CONFLICT, "IMG.0702", "Image " + this.id
					+ " is public: every project sees it already, so it has no members. Only private images are shared.");
		}
		if (this.status != ImageStatus.ACTIVE) {
			throw new ImsException(Kind.CONFLICT, "IMG.0702", "Image " + this.id + " is " + this.status.wireName()
					+ "; only active images can be shared.");
		}
		if (projects.contains(this.owner)) {
			throw new ImsException(Kind.INVALID, "IMG.0708", "Image " + this.id + " belongs to project " + this.owner
					+ " already; share it with other projects.");
		}
		ImageMembers next = this.members.adding(projects, limit, this.id, at);
		if (next.equals(this.members)) {
			return Optional.empty();
		}
		return Optional.of(withMembers(next, Visibility.SHARED, at));
	}

	/**
	 * Stops sharing the image with a member, by the owner or an admin: the project can no longer see it or create
	 * ECSs from it, and its ECSs created from it keep running. The image stays shared, as in Glance.
	 */
	public Optional<Image> removeMember(String projectId, String byProject, boolean admin, Instant at) {
		requireMembersManagedBy(byProject, admin);
		return Optional.of(withMembers(this.members.removing(projectId, this.id), this.visibility, at));
	}

	/**
	 * The member's answer (accepted, rejected, or back to pending): only the member itself gives it. Empty when it
	 * has that status already.
	 */
	public Optional<Image> answer(String memberProject, MemberStatus status, String byProject, Instant at) {
		if (!memberProject.equals(byProject)) {
			throw new ImsException(Kind.FORBIDDEN, "IMG.0704", "Only project " + memberProject
					+ " itself can accept or reject image " + this.id + " for itself; the owner adds or removes members.");
		}
		if (!isSharedWith(memberProject)) {
			throw ImageMembers.notAMember(memberProject, this.id);
		}
		ImageMembers next = this.members.answering(memberProject, status, this.id, at);
		return next.equals(this.members) ? Optional.empty() : Optional.of(withMembers(next, this.visibility, at));
	}

	/** Only the owner, or an admin, adds and removes an image's members. */
	public void requireMembersManagedBy(String projectId, boolean admin) {
		if (!admin && !this.owner.equals(projectId)) {
			throw new ImsException(Kind.FORBIDDEN, "IMG.0703", "Only the owner of image " + this.id
					+ " (project " + this.owner + ") or an admin can add or remove its members.");
		}
	}

	private Image withMembers(ImageMembers members, Visibility visibility, Instant at) {
		return new Image(this.id, this.name, this.status, visibility, this.owner, this.isProtected, this.tags,
				this.containerFormat, this.minDisk, this.minRam, this.maxRam, this.data, this.osType, this.osVersion,
				this.platform, this.osBit, this.description, this.dataOrigin, this.properties, this.jobId,
				this.createdAt, at, this.version, members, this.staged);
	}

	public Image withVersion(long version) {
		return new Image(this.id, this.name, this.status, this.visibility, this.owner, this.isProtected, this.tags,
				this.containerFormat, this.minDisk, this.minRam, this.maxRam, this.data, this.osType, this.osVersion,
				this.platform, this.osBit, this.description, this.dataOrigin, this.properties, this.jobId,
				this.createdAt, this.updatedAt, version, this.members, this.staged);
	}

	private Image withJob(ImageStatus status, String jobId, Instant at) {
		return with(status, this.data, jobId, this.staged, at);
	}

	private Image withStatus(ImageStatus status, @Nullable ImageData data, Instant at) {
		return with(status, data, this.jobId, this.staged, at);
	}

	private Image with(ImageStatus status, @Nullable ImageData data, @Nullable String jobId,
			@Nullable StagedData stagedData, Instant at) {
		return new Image(this.id, this.name, status, this.visibility, this.owner, this.isProtected, this.tags,
				this.containerFormat, this.minDisk, this.minRam, this.maxRam, data, this.osType, this.osVersion,
				this.platform, this.osBit, this.description, this.dataOrigin, this.properties, jobId, this.createdAt, at,
				this.version, this.members, stagedData);
	}

}
