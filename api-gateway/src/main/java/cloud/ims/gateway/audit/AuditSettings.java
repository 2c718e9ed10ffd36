package cloud.ims.gateway.audit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the audit trail keeps its traces: {@code retention}, how long a trace is kept (180 days by default: the six
 * months China's Cybersecurity Law asks network logs to be kept for, and twice the 90 days many audit policies ask
 * to have at hand); {@code maxPending}, how many traces may wait to be stored at once before new ones are counted
 * as dropped rather than let grow the heap; {@code republishAfter}, how old an unpublished trace must be before the
 * sweep publishes it again (its first publication is surely over by then).
 */
@ConfigurationProperties("ims.audit")
public record AuditSettings(@DefaultValue("180d") Duration retention, @DefaultValue("10000") int maxPending,
		@DefaultValue("1m") Duration republishAfter) {

	public AuditSettings {
		if (retention.isNegative() || retention.isZero() || maxPending < 1 || republishAfter.isNegative()) {
			throw new IllegalArgumentException("ims.audit needs a positive retention, a max-pending of at least 1 and "
					+ "a republish-after of zero or more: " + retention + ", " + maxPending + ", " + republishAfter);
		}
	}

}
