package cloud.ims.core.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports {@link InvalidSettings} as Spring Boot's "APPLICATION FAILED TO START" text rather than a stack trace. */
class InvalidSettingsFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSettings> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidSettings cause) {
		return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
	}

}
