/**
 * Commands on their way to the workers: the gateway's recorded commands, and the per-ECS commands a worker fans a
 * batch out into, each on the partition of its ECS.
 */
@NullMarked
package cloud.ims.messaging.commands;

import org.jspecify.annotations.NullMarked;
