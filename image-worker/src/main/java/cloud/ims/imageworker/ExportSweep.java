package cloud.ims.imageworker;

import java.time.Clock;

import cloud.ims.core.store.ImageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Removes the exports kept in the image store once their retention time ({@code ims.export.retention}) is over. Every
 * image-worker replica sweeps; a removal another one made first is simply not there any more.
 */
@Component
class ExportSweep {

	private static final Logger log = LoggerFactory.getLogger(ExportSweep.class);

	private final ImageStore store;

	private final ExportSettings settings;

	private final Clock clock;

	ExportSweep(ImageStore store, ExportSettings settings, Clock clock) {
		this.store = store;
		this.settings = settings;
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${ims.export.sweep-interval:10m}",
			initialDelayString = "${ims.export.sweep-interval:10m}")
	void sweep() {
		int removed = this.store.removeExportsPublishedBefore(this.clock.instant().minus(this.settings.retention()));
		if (removed > 0) {
			log.info("Removed {} export(s) kept longer than {}", removed, this.settings.retention());
		}
	}

}
