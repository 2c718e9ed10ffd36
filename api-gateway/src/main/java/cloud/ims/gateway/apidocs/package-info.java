/**
 * The API reference: the OpenAPI 3.1 document of both dialects that springdoc derives from the controllers, completed
 * from {@code apidocs/operations.yaml} with each operation's dialect, summary and error answers.
 */
@NullMarked
package cloud.ims.gateway.apidocs;

import org.jspecify.annotations.NullMarked;
