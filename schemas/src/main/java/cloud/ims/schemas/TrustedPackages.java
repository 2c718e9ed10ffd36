package cloud.ims.schemas;

import cloud.ims.messages.MessageContext;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;

/**
 * Lets Avro instantiate the generated message classes, which since Avro 1.12 it refuses for
 * packages not explicitly trusted, without requiring a system property on every JVM.
 */
final class TrustedPackages {

	static final String MESSAGES = "cloud.ims.messages";

	private static final ClassSecurityPredicate MESSAGES_PACKAGE = type -> MESSAGES.equals(type.getPackageName());

	private TrustedPackages() {
	}

	static synchronized void trustMessages() {
		ClassSecurityPredicate global = ClassSecurityValidator.getGlobal();
		if (!global.isTrusted(MessageContext.class)) {
			ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(global, MESSAGES_PACKAGE));
		}
	}

}
