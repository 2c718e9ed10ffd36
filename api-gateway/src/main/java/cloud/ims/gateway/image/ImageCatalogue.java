package cloud.ims.gateway.image;

import java.util.List;

import cloud.ims.core.image.Image;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.image.ImageQuery;
import cloud.ims.core.image.ImageQuery.Condition;
import cloud.ims.core.image.ImageQuery.Field;
import cloud.ims.core.image.ImageQuery.Operator;
import cloud.ims.core.image.ImageQuery.SortKey;
import cloud.ims.core.image.Images;
import cloud.ims.core.shortlist.Shortlist;
import cloud.ims.core.shortlist.Shortlists;
import cloud.ims.core.server.Flavor;
import cloud.ims.gateway.security.Caller;
import cloud.ims.gateway.server.FlavorCatalogue;
import cloud.ims.gateway.web.Paging;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads of the image catalogue for both dialects: a page of images, or one, each with whether the caller marked it
 * as frequently used.
 */
@Component
public class ImageCatalogue {

	private final Images images;

	private final Shortlists shortlists;

	private final ImageAccess access;

	private final FlavorCatalogue flavors;

	ImageCatalogue(Images images, Shortlists shortlists, ImageAccess access, FlavorCatalogue flavors) {
		this.images = images;
		this.shortlists = shortlists;
		this.access = access;
		this.flavors = flavors;
	}

	/** A page of images in the Huawei dialect's filters (the console uses the same rules as the API). */
	public Mono<Page> list(Caller caller, MultiValueMap<String, String> parameters) {
		return list(caller, parameters, ImageFilters.Dialect.HUAWEI);
	}

	Mono<Page> list(Caller caller, MultiValueMap<String, String> parameters, ImageFilters.Dialect dialect) {
		return this.shortlists.find(caller.userId()).flatMap((shortlist) -> {
			ImageQuery query = ImageFilters.parse(caller, parameters, dialect, shortlist,
					(flavorId) -> this.flavors.find(flavorId).map(Flavor::ramMb).orElse(null));
			return this.images.list(query).collectList().map((page) -> new Page(page, shortlist, query.limit()));
		});
	}

	/** One image the caller sees: public, its project's own, or shared with its project. */
	public Mono<Shown> show(Caller caller, String imageId) {
		return this.access.shown(caller, imageId)
			.zipWith(this.shortlists.find(caller.userId()))
			.map((found) -> new Shown(found.getT1(), found.getT2().contains(found.getT1().id())));
	}

	/**
	 * Every image the caller's project owns (deleted ones aside), newest first, read page by page: as many as the
	 * project's image quota allows.
	 */
	Flux<Image> owned(Caller caller) {
		return ownedAfter(caller, null);
	}

	private Flux<Image> ownedAfter(Caller caller, @Nullable ImageId marker) {
		ImageQuery query = new ImageQuery(caller.projectId(), false,
				List.of(new Condition(Field.OWNER, Operator.EQ, caller.projectId())), SortKey.CREATED_AT, false, marker,
				Paging.MAX_LIMIT);
		return this.images.list(query).collectList().flatMapMany((page) -> (page.size() < Paging.MAX_LIMIT)
				? Flux.fromIterable(page)
				: Flux.fromIterable(page).concatWith(Flux.defer(() -> ownedAfter(caller, page.get(page.size() - 1).id()))));
	}

	Mono<Boolean> isFrequentlyUsed(Caller caller, ImageId imageId) {
		return this.shortlists.find(caller.userId()).map((shortlist) -> shortlist.contains(imageId));
	}

	/** A page of images and the caller's shortlist. */
	public record Page(List<Image> images, Shortlist shortlist, int limit) {

		boolean isFull() {
			return this.images.size() == this.limit;
		}

		public boolean frequentlyUsed(Image image) {
			return this.shortlist.contains(image.id());
		}

	}

	/** One image and whether the caller marked it. */
	public record Shown(Image image, boolean frequentlyUsed) {
	}

}
