package cloud.ims.core.common;

/**
 * A transition that was made: the state before and the state after, so that its consequences (a released quota,
 * say) can depend on where it came from.
 */
public record Changed<T>(T before, T after) {
}
