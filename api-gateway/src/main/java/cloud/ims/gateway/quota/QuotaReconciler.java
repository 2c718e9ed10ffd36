package cloud.ims.gateway.quota;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import cloud.ims.core.quota.ProjectQuota;
import cloud.ims.core.quota.ProjectQuotas;
import cloud.ims.core.quota.QuotaUsage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Recomputes every project's quota usage from its images and ECSs (their count, their vCPUs and RAM, and the bytes of
 * image data the images hold), and corrects the recorded usage where it drifted
 * (a crash between a reservation and what it reserved for, a release made twice). A difference is corrected only
 * when the next round finds it again, unchanged, on a quota nobody changed meanwhile: a reservation whose image or
 * ECS is being inserted right now is a difference too, for a moment, and must not be "corrected" away. Every
 * correction is logged and counted ({@code ims_quota_corrections_total}).
 */
@Component
class QuotaReconciler {

	private static final Logger log = LoggerFactory.getLogger(QuotaReconciler.class);

	private static final Duration STORE_TIMEOUT = Duration.ofMinutes(2);

	private final ProjectQuotas quotas;

	private final Counter corrections;

	/** The differences of the last round, by project, with the quota version they were found on. */
	private final Map<String, Difference> lastRound = new ConcurrentHashMap<>();

	QuotaReconciler(ProjectQuotas quotas, MeterRegistry meterRegistry) {
		this.quotas = quotas;
		this.corrections = Counter.builder("ims.quota.corrections")
			.description("Quota usages corrected to what the projects' images and ECSs use")
			.register(meterRegistry);
	}

	@Scheduled(fixedDelayString = "${ims.quota.reconcile-interval:5m}",
			initialDelayString = "${ims.quota.reconcile-interval:5m}")
	void reconcileQuietly() {
		try {
			reconcile();
		}
		catch (RuntimeException ex) {
			log.warn("Quota reconciliation skipped a round: {}", ex.toString());
		}
	}

	/** One round; answers how many projects it corrected. */
	int reconcile() {
		Integer corrected = this.quotas.all()
			.concatMap((quota) -> this.quotas.measure(quota.projectId()).map((measured) -> correct(quota, measured)))
			.reduce(0, Integer::sum)
			.block(STORE_TIMEOUT);
		return (corrected != null) ? corrected : 0;
	}

	private int correct(ProjectQuota quota, QuotaUsage measuredNow) {
		// Bytes held by jobs under way are in no document: the recorded bytes stand until the jobs end.
		QuotaUsage measured = measuredNow.bytesOr(quota.imageBytesUsed());
		if (quota.usage().equals(measured)) {
			this.lastRound.remove(quota.projectId());
			return 0;
		}
		Difference found = new Difference(quota.version(), measured);
		Difference before = this.lastRound.put(quota.projectId(), found);
		if (!found.equals(before)) {
			return 0;
		}
		ProjectQuota written = this.quotas.update(quota.projectId(), (current) -> (current.version() == quota.version())
				? current.reconciled(measured) : Optional.empty()).block(STORE_TIMEOUT);
		this.lastRound.remove(quota.projectId());
		if (written == null || written.version() == quota.version()) {
			return 0;
		}
		log.warn("Quota usage of project {} corrected from {} to {}, what its images and ECSs use", quota.projectId(),
				quota.usage(), measured);
		this.corrections.increment();
		return 1;
	}

	private record Difference(long quotaVersion, QuotaUsage measured) {
	}

}
