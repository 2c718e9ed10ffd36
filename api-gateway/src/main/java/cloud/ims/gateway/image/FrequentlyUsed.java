package cloud.ims.gateway.image;

import java.time.Clock;

import cloud.ims.core.common.Ids;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.shortlist.Shortlist;
import cloud.ims.core.shortlist.Shortlists;
import cloud.ims.gateway.security.Caller;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Each user's shortlist of frequently used images: adding is idempotent, and only an image the user can see may be
 * added; only an image on the list may be removed. Shared by the API and the console.
 */
@Component
public class FrequentlyUsed {

	private final Shortlists shortlists;

	private final ImageAccess access;

	private final Clock clock;

	FrequentlyUsed(Shortlists shortlists, ImageAccess access, Clock clock) {
		this.shortlists = shortlists;
		this.access = access;
		this.clock = clock;
	}

	public Mono<Void> add(Caller caller, String imageId) {
		return this.access.shown(caller, imageId)
			.flatMap((image) -> this.shortlists.update(caller.userId(),
					(shortlist) -> shortlist.add(image.id(), this.clock.instant())))
			.then();
	}

	/** Only an image on the list may be removed (404 otherwise, visible or not), as Glance removes a tag. */
	public Mono<Void> remove(Caller caller, String imageId) {
		if (!Ids.isWellFormed(imageId)) {
			return Mono.error(Shortlist.notListed(imageId));
		}
		return this.shortlists.update(caller.userId(), (shortlist) -> shortlist.remove(new ImageId(imageId))).then();
	}

}
