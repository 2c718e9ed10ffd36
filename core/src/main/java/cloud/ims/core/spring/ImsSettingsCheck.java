package cloud.ims.core.spring;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Refuses to start an IMS service whose environment (command line, environment variables, system properties, config
 * files) has an {@code ims.*} setting that no IMS settings class knows, naming it and the closest known names: a
 * misspelt setting would otherwise be ignored silently. The known names are the configuration metadata on the
 * classpath ({@code META-INF/spring-configuration-metadata.json}, written by the configuration processor at build
 * time, and {@code META-INF/additional-spring-configuration-metadata.json} for names read other ways); a map or list
 * setting accepts any name below it. Each application's builder adds it as a listener, so that it runs once the
 * config files are read and before any bean is made.
 */
public final class ImsSettingsCheck implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

	static final String METADATA = "META-INF/spring-configuration-metadata.json";

	static final String ADDITIONAL_METADATA = "META-INF/additional-spring-configuration-metadata.json";

	private static final ConfigurationPropertyName IMS = ConfigurationPropertyName.of("ims");

	private static final int MAX_SUGGESTIONS = 3;

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		ClassLoader classLoader = event.getSpringApplication().getClassLoader();
		check(event.getEnvironment(), KnownSettings.load(classLoader));
	}

	/** After the listener that reads the config files, which runs at a higher precedence. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	/**
	 * Checks command-line arguments ({@code --name=value}), the environment variables and the system properties
	 * before any service starts, for a launcher that would otherwise start infrastructure first: the same check the
	 * services make, less their config files.
	 */
	public static void checkArguments(List<String> arguments, ClassLoader classLoader) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new SimpleCommandLinePropertySource(arguments.stream()
				.filter((argument) -> argument.startsWith("--") && argument.indexOf('=') > 2)
				.toArray(String[]::new)));
		check(environment, KnownSettings.load(classLoader));
	}

	/** Throws {@link InvalidSettings} naming every unknown {@code ims.*} setting of the environment. */
	static void check(ConfigurableEnvironment environment, KnownSettings known) {
		List<String> problems = new ArrayList<>();
		for (PropertySource<?> source : environment.getPropertySources()) {
			if (ConfigurationPropertySources.isAttachedConfigurationPropertySource(source)
					|| !(source instanceof EnumerablePropertySource<?> enumerable)) {
				continue;
			}
			boolean fromEnvironment = source instanceof SystemEnvironmentPropertySource;
			for (String raw : enumerable.getPropertyNames()) {
				if (!raw.regionMatches(true, 0, "ims", 0, 3)) {
					continue;
				}
				ConfigurationPropertySource single = ConfigurationPropertySource.from(single(raw, fromEnvironment));
				Optional<ConfigurationPropertyName> name = nameOf(single);
				if (name.isEmpty() || !IMS.isAncestorOf(name.get()) || known.accepts(single)) {
					continue;
				}
				problems.add(describe(raw, name.get(), fromEnvironment, source, known));
			}
		}
		if (!problems.isEmpty()) {
			throw new InvalidSettings(String.join("\n", problems),
					"Correct or remove the setting" + ((problems.size() > 1) ? "s" : "")
							+ "; the known ones are listed under 'Settings' in README.md.");
		}
	}

	/** The name alone, in a source of its kind, so that Spring Boot's own relaxed rules decide what it means. */
	private static PropertySource<?> single(String raw, boolean fromEnvironment) {
		Map<String, Object> property = Map.of(raw, "");
		return fromEnvironment
				? new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
						property)
				: new MapPropertySource("single", property);
	}

	private static Optional<ConfigurationPropertyName> nameOf(@Nullable ConfigurationPropertySource source) {
		if (source instanceof IterableConfigurationPropertySource iterable) {
			return iterable.stream().findFirst();
		}
		return Optional.empty();
	}

	private static String describe(String raw, ConfigurationPropertyName name, boolean fromEnvironment,
			PropertySource<?> source, KnownSettings known) {
		List<String> suggestions = known.closestTo(name);
		StringBuilder problem = new StringBuilder("Unknown setting ");
		if (fromEnvironment) {
			problem.append(raw).append(" (").append(name).append(", from the environment)");
		}
		else {
			problem.append(name).append(" (from ").append(origin(source)).append(")");
		}
		if (!suggestions.isEmpty()) {
			problem.append("; did you mean ")
				.append(suggestions.stream()
					.map((suggestion) -> fromEnvironment ? environmentForm(suggestion) + " (" + suggestion + ")"
							: suggestion)
					.collect(Collectors.joining(" or ")))
				.append("?");
		}
		else {
			List<String> siblings = known.under(name.getParent());
			if (!siblings.isEmpty()) {
				problem.append("; known settings under ").append(name.getParent()).append(": ")
					.append(String.join(", ", siblings));
			}
		}
		return problem.toString();
	}

	private static String origin(PropertySource<?> source) {
		return switch (source.getName()) {
			case "commandLineArgs" -> "the command line";
			case StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME -> "the JVM's system properties";
			case "defaultProperties" -> "the application's defaults";
			default -> source.getName();
		};
	}

	/** The name Spring Boot maps an environment variable to: upper case, dashes dropped, dots as underscores. */
	static String environmentForm(String name) {
		return name.replace("-", "").replace('.', '_').replace("[", "_").replace("]", "").toUpperCase();
	}

	/**
	 * The {@code ims.*} names the configuration metadata on the classpath declares: exact names, and containers
	 * (maps, lists, arrays) under which any name is accepted.
	 */
	record KnownSettings(List<ConfigurationPropertyName> names, List<ConfigurationPropertyName> containers) {

		static KnownSettings load(ClassLoader classLoader) {
			List<String> documents = new ArrayList<>();
			for (String location : List.of(METADATA, ADDITIONAL_METADATA)) {
				try {
					Enumeration<URL> resources = classLoader.getResources(location);
					while (resources.hasMoreElements()) {
						try (InputStream in = resources.nextElement().openStream()) {
							String document = new String(in.readAllBytes(), StandardCharsets.UTF_8);
							// Most metadata on the classpath is Spring Boot's own: only IMS's is worth parsing.
							if (document.contains("\"ims.")) {
								documents.add(document);
							}
						}
					}
				}
				catch (IOException ex) {
					throw new UncheckedIOException("Cannot read " + location, ex);
				}
			}
			return parse(documents);
		}

		static KnownSettings parse(Collection<String> documents) {
			ObjectMapper json = new ObjectMapper();
			Set<ConfigurationPropertyName> names = new LinkedHashSet<>();
			Set<ConfigurationPropertyName> containers = new LinkedHashSet<>();
			for (String document : documents) {
				JsonNode properties;
				try {
					properties = json.readTree(document).path("properties");
				}
				catch (JsonProcessingException ex) {
					throw new IllegalStateException("Unreadable configuration metadata: " + ex.getMessage(), ex);
				}
				for (JsonNode property : properties) {
					ConfigurationPropertyName name = ConfigurationPropertyName.ofIfValid(property.path("name").asText());
					if (name == null || !IMS.isAncestorOf(name)) {
						continue;
					}
					names.add(name);
					if (isContainer(property.path("type").asText(null))) {
						containers.add(name);
					}
				}
			}
			return new KnownSettings(List.copyOf(names), List.copyOf(containers));
		}

		private static boolean isContainer(@Nullable String type) {
			return type != null && (type.startsWith("java.util.Map<") || type.startsWith("java.util.List<")
					|| type.startsWith("java.util.Set<") || type.startsWith("java.util.Collection<")
					|| type.endsWith("[]") || type.equals("java.util.Properties"));
		}

		boolean accepts(ConfigurationPropertySource single) {
			for (ConfigurationPropertyName name : this.names) {
				if (single.getConfigurationProperty(name) != null) {
					return true;
				}
			}
			for (ConfigurationPropertyName container : this.containers) {
				if (single.containsDescendantOf(container) == ConfigurationPropertyState.PRESENT) {
					return true;
				}
			}
			return false;
		}

		/** The known names nearest to {@code name} by edit distance, ignoring the separators. */
		List<String> closestTo(ConfigurationPropertyName name) {
			String wanted = comparable(name.toString());
			int limit = Math.max(2, wanted.length() / 5);
			record Candidate(String name, int distance) {
			}
			List<Candidate> candidates = new ArrayList<>();
			for (ConfigurationPropertyName known : this.names) {
				int distance = distance(wanted, comparable(known.toString()));
				if (distance <= limit) {
					candidates.add(new Candidate(known.toString(), distance));
				}
			}
			if (candidates.isEmpty()) {
				return List.of();
			}
			int best = candidates.stream().mapToInt(Candidate::distance).min().getAsInt();
			return candidates.stream()
				.filter((candidate) -> candidate.distance() == best)
				.sorted(Comparator.comparing(Candidate::name))
				.limit(MAX_SUGGESTIONS)
				.map(Candidate::name)
				.toList();
		}

		/** The known names just below {@code parent}, when it is more than {@code ims} itself. */
		List<String> under(ConfigurationPropertyName parent) {
			if (parent.getNumberOfElements() < 2) {
				return List.of();
			}
			return this.names.stream()
				.filter(parent::isParentOf)
				.map(ConfigurationPropertyName::toString)
				.sorted()
				.limit(8)
				.toList();
		}

		private static String comparable(String name) {
			return name.replace("-", "").replace(".", "").replace("_", "");
		}

		private static int distance(String a, String b) {
			int[] previous = new int[b.length() + 1];
			int[] current = new int[b.length() + 1];
			for (int j = 0; j <= b.length(); j++) {
				previous[j] = j;
			}
			for (int i = 1; i <= a.length(); i++) {
				current[0] = i;
				for (int j = 1; j <= b.length(); j++) {
					int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
					current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
				}
				int[] swap = previous;
				previous = current;
				current = swap;
			}
			return previous[b.length()];
		}

	}

}
