package cloud.ims.core.compute.simulated;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Properties;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.convert.DurationStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets operators (and fault-injection tests) change the simulated service's latency and failure rate while it runs,
 * for every worker replica at once, by writing {@code conditions.properties} in its shared root:
 * {@code latency=200ms} (every operation), {@code latency.create=20s} (and {@code .power}, {@code .delete},
 * {@code .export}), {@code failure-rate=0.1}, {@code fail-names=web-00[0-4]5} (creating an ECS whose name matches
 * always fails transiently). Without the file the configured values apply. The file is re-read
 * only when its modification time changes.
 */
final class ConditionOverrides {

	private static final Logger log = LoggerFactory.getLogger(ConditionOverrides.class);

	private final Path file;

	private final Conditions configured;

	private volatile @Nullable FileTime readAt;

	private volatile Conditions current;

	ConditionOverrides(Path file, Conditions configured) {
		this.file = file;
		this.configured = configured;
		this.current = configured;
	}

	Conditions current() {
		FileTime modified;
		try {
			modified = Files.getLastModifiedTime(this.file);
		}
		catch (NoSuchFileException absent) {
			this.readAt = null;
			this.current = this.configured;
			return this.current;
		}
		catch (IOException unreadable) {
			return this.current;
		}
		if (!modified.equals(this.readAt)) {
			this.current = read();
			this.readAt = modified;
		}
		return this.current;
	}

	private Conditions read() {
		Properties properties = new Properties();
		try (Reader reader = Files.newBufferedReader(this.file)) {
			properties.load(reader);
			Latencies configuredLatencies = this.configured.latencies();
			Duration common = duration(properties, "latency", configuredLatencies.common());
			boolean overridesAll = properties.containsKey("latency");
			Latencies latency = new Latencies(common,
					duration(properties, "latency.create", overridesAll ? null : configuredLatencies.create()),
					duration(properties, "latency.power", overridesAll ? null : configuredLatencies.power()),
					duration(properties, "latency.delete", overridesAll ? null : configuredLatencies.delete()),
					duration(properties, "latency.export", overridesAll ? null : configuredLatencies.export()));
			double failureRate = Double.parseDouble(properties.getProperty("failure-rate",
					String.valueOf(this.configured.failureRate())));
			String failNames = properties.getProperty("fail-names");
			Conditions conditions = new Conditions(latency, failureRate,
					(failNames != null && !failNames.isBlank()) ? Pattern.compile(failNames.trim()) : null);
			log.info("Simulated VMware Service conditions now: latency {}, failure rate {}", latency, failureRate);
			return conditions;
		}
		catch (IOException | RuntimeException malformed) {
			log.warn("Ignoring {}: {}", this.file, malformed.toString());
			return this.configured;
		}
	}

	private static @Nullable Duration duration(Properties properties, String name, @Nullable Duration otherwise) {
		String value = properties.getProperty(name);
		return (value != null) ? DurationStyle.detectAndParse(value.trim()) : otherwise;
	}

	/**
	 * The latency and failure rate in force, and the names of ECSs whose creation always fails (a deterministic
	 * fault, so that a test knows exactly which ECSs of a batch fail).
	 */
	record Conditions(Latencies latencies, double failureRate, @Nullable Pattern failNames) {

		Conditions(Latencies latencies, double failureRate) {
			this(latencies, failureRate, null);
		}

		boolean failsFor(@Nullable String name) {
			return name != null && this.failNames != null && this.failNames.matcher(name).matches();
		}

	}

}
