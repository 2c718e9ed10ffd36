package cloud.ims.core.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** Checks the tools a class's {@link RequiresSystemTools} names before its first test. */
final class SystemToolsCheck implements BeforeAllCallback {

	@Override
	public void beforeAll(ExtensionContext context) {
		AnnotationSupport.findAnnotation(context.getRequiredTestClass(), RequiresSystemTools.class)
			.ifPresent((required) -> {
				for (SystemTool tool : required.value()) {
					tool.require();
				}
			});
	}

}
