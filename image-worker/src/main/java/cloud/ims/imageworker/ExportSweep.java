package cloud.ims.imageworker;

import java.time.Clock;
import java.time.Duration;

import cloud.ims.core.job.Job;
import cloud.ims.core.job.JobId;
import cloud.ims.core.job.Jobs;
import cloud.ims.core.quota.ExportBytes;
import cloud.ims.core.quota.ImageBytesQuota;
import cloud.ims.core.store.ImageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Removes the exports kept in the image store once their retention time ({@code ims.export.retention}) is over, and
 * gives their bytes back to their projects (ADR 38). Every image-worker replica sweeps; a removal another one made
 * first is simply not there any more, so each export's bytes go back once, with the one removal that happened.
 */
@Component
class ExportSweep {

	private static final Logger log = LoggerFactory.getLogger(ExportSweep.class);

	private static final Duration STORE_TIMEOUT = Duration.ofSeconds(30);

	private final ImageStore store;

	private final ExportSettings settings;

	private final Jobs jobs;

	private final ImageBytesQuota bytes;

	private final Clock clock;

	ExportSweep(ImageStore store, ExportSettings settings, Jobs jobs, ImageBytesQuota bytes, Clock clock) {
		this.store = store;
		this.settings = settings;
		this.jobs = jobs;
		this.bytes = bytes;
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${ims.export.sweep-interval:10m}",
			initialDelayString = "${ims.export.sweep-interval:10m}")
	void sweep() {
		var removed = this.store.removeExportsKeptSince(this.clock.instant().minus(this.settings.retention()));
		for (String exportId : removed) {
			try {
				release(exportId);
			}
			catch (RuntimeException ex) {
				// The quota reconciler corrects what could not be given back here.
				log.warn("Could not give back the bytes of removed export {}: {}", exportId, ex.toString());
			}
		}
		if (!removed.isEmpty()) {
			log.info("Removed {} export(s) kept longer than {}", removed.size(), this.settings.retention());
		}
	}

	private void release(String exportId) {
		Job job = this.jobs.find(new JobId(exportId)).block(STORE_TIMEOUT);
		Long size = (job != null) ? ExportBytes.keptSize(job) : null;
		if (job != null && size != null) {
			this.bytes.release(job.actor().projectId(), size).block(STORE_TIMEOUT);
		}
	}

}
