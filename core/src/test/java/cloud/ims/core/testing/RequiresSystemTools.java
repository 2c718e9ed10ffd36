package cloud.ims.core.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test class runs these system tools: before any of its tests, each is checked, and a missing one fails the class
 * with {@link MissingSystemTool}'s one line.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(SystemToolsCheck.class)
public @interface RequiresSystemTools {

	SystemTool[] value();

}
