package cloud.ims.core.image;

import reactor.core.publisher.Mono;

/**
 * The in-memory index image lists choose their pages from (where the store keeps one), and the ways to bring it up
 * to date with changes that other processes made to images.
 */
public interface CatalogueListIndex {

	/**
	 * Reads every image's list fields, deleted ones aside (a deleted image leaves the index); lists use the index from
	 * the first load on. Answers the number of images read.
	 */
	Mono<Integer> reload();

	/** Reads one image's list fields again, after a change announced by another process. */
	Mono<Void> refresh(ImageId id);

}
