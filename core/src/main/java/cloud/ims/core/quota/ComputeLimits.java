package cloud.ims.core.quota;

import org.jspecify.annotations.Nullable;

/**
 * A project's compute quota; each limit may be unset (null), which means the default of the installation.
 */
public record ComputeLimits(@Nullable Integer instances, @Nullable Integer cores, @Nullable Long ramMb) {

	public static final ComputeLimits DEFAULTS = new ComputeLimits(null, null, null);

	/** The limits in force: these where set, else the defaults. */
	public ComputeLimits orElse(ComputeLimits defaults) {
		return new ComputeLimits((this.instances != null) ? this.instances : defaults.instances,
				(this.cores != null) ? this.cores : defaults.cores, (this.ramMb != null) ? this.ramMb : defaults.ramMb);
	}

}
