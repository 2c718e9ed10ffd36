package cloud.ims.gateway.audit;

import java.time.Clock;

import cloud.ims.core.audit.AuditPublisher;
import cloud.ims.core.audit.AuditTrail;
import cloud.ims.messaging.audit.AuditMessagingConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The audit trail's parts: the filters that trace requests, the recorder, the sweep and the topic's publisher. */
@Configuration(proxyBeanMethods = false)
@Import(AuditMessagingConfiguration.class)
class AuditConfiguration {

	@Bean
	AuditRecorder auditRecorder(AuditTrail trail, AuditPublisher publisher, AuditSettings settings, Clock clock,
			MeterRegistry meters) {
		return new AuditRecorder(trail, publisher, settings, clock, meters);
	}

	@Bean
	AuditFilter auditFilter(AuditRecorder recorder, Clock clock) {
		return new AuditFilter(recorder, clock);
	}

	@Bean
	CallerNotes auditCallerNotes() {
		return new CallerNotes();
	}

	@Bean
	AuditSweep auditSweep(AuditTrail trail, AuditRecorder recorder, Clock clock) {
		return new AuditSweep(trail, recorder, clock);
	}

}
