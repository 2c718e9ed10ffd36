package cloud.ims.gateway.ops;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import cloud.ims.core.compute.DriverStatus;
import cloud.ims.core.operations.BreakerState;
import cloud.ims.core.operations.BreakerStates;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The {@code vmware} component of the gateway's {@code /actuator/health}: the VMware Service every
 * provisioning-worker drives and whether it answered, as the workers last reported it (every 30 s and on each
 * breaker transition). It stays UP while vCenter is unreachable, as the workers' own component does: no restart
 * cures a vCenter outage. UNKNOWN until a worker has reported.
 */
@Component("vmwareHealthIndicator")
class VmwareServiceHealth implements ReactiveHealthIndicator {

	private static final Duration STORE_TIMEOUT = Duration.ofSeconds(5);

	private final BreakerStates breakers;

	private final Clock clock;

	VmwareServiceHealth(BreakerStates breakers, Clock clock) {
		this.breakers = breakers;
		this.clock = clock;
	}

	@Override
	public Mono<Health> health() {
		return this.breakers.all()
			.filter((report) -> report.driver() != null)
			.collectList()
			.timeout(STORE_TIMEOUT)
			.map((reports) -> {
				if (reports.isEmpty()) {
					return Health.unknown().withDetail("workers", Map.of()).build();
				}
				Map<String, Object> workers = new LinkedHashMap<>();
				reports.forEach((report) -> workers.put(report.instance(), describe(report)));
				return Health.up()
					.withDetail("reachable", reports.stream().allMatch((report) -> report.driver().reachable()))
					.withDetail("workers", workers)
					.build();
			});
	}

	private Map<String, Object> describe(BreakerState report) {
		DriverStatus driver = report.driver();
		Map<String, Object> worker = new LinkedHashMap<>();
		worker.put("type", driver.type());
		worker.put("endpoint", driver.endpoint());
		worker.put("reachable", driver.reachable());
		worker.put("breaker", report.state());
		worker.put("reported_seconds_ago", Duration.between(report.updatedAt(), this.clock.instant()).toSeconds());
		return worker;
	}

}
