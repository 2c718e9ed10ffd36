/**
 * Embedded infrastructure for one machine: an in-process KRaft broker and the MongoDB-protocol server on H2 files.
 */
@NullMarked
package cloud.ims.standalone.infrastructure;

import org.jspecify.annotations.NullMarked;
