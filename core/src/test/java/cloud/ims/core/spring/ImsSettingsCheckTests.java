package cloud.ims.core.spring;

import java.util.List;
import java.util.Map;

import cloud.ims.core.spring.ImsSettingsCheck.KnownSettings;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImsSettingsCheckTests {

	private static final String METADATA = """
			{"groups": [{"name": "ims"}],
			 "properties": [
			   {"name": "ims.driver.type", "type": "cloud.ims.core.spring.DataPlaneSettings$DriverType"},
			   {"name": "ims.driver.max-in-flight", "type": "java.lang.Integer"},
			   {"name": "ims.vsphere.resource-pool", "type": "java.lang.String"},
			   {"name": "ims.data-dir", "type": "java.nio.file.Path"},
			   {"name": "ims.compute.flavors", "type": "java.util.Map<java.lang.String,cloud.ims.gateway.server.Flavor>"},
			   {"name": "ims.seed.images", "type": "java.util.List<cloud.ims.imageworker.PublicImage>"},
			   {"name": "spring.kafka.bootstrap-servers", "type": "java.util.List<java.lang.String>"}
			 ]}
			""";

	private final KnownSettings known = KnownSettings.parse(List.of(METADATA));

	@Test
	void refusesAnUnknownNameAndSuggestsTheClosestKnownOne() {
		StandardEnvironment environment = environment(new SimpleCommandLinePropertySource("--ims.drivr.type=vsphere"));

		assertThatThrownBy(() -> ImsSettingsCheck.check(environment, this.known)).isInstanceOf(InvalidSettings.class)
			.hasMessage("Unknown setting ims.drivr.type (from the command line); did you mean ims.driver.type?");
	}

	@Test
	void refusesAnUnknownEnvironmentVariableNamingItInBothForms() {
		StandardEnvironment environment = environment(new SystemEnvironmentPropertySource(
				StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
				Map.of("IMS_DRIVER_TYPO", "vsphere", "PATH", "/usr/bin", "IMS_DRIVER_TYPE", "vsphere")));

		assertThatThrownBy(() -> ImsSettingsCheck.check(environment, this.known)).isInstanceOf(InvalidSettings.class)
			.hasMessage("Unknown setting IMS_DRIVER_TYPO (ims.driver.typo, from the environment); "
					+ "did you mean IMS_DRIVER_TYPE (ims.driver.type)?");
	}

	@Test
	void namesEveryUnknownSettingAndTheKnownOnesBesideAHopelessOne() {
		StandardEnvironment environment = environment(new MapPropertySource("Config resource 'file [ims.yml]'",
				Map.of("ims.driver.type", "simulated", "ims.driver.colour", "blue", "ims.totally-unrelated", "x")));

		assertThatThrownBy(() -> ImsSettingsCheck.check(environment, this.known)).isInstanceOf(InvalidSettings.class)
			.hasMessageContaining("Unknown setting ims.driver.colour (from Config resource 'file [ims.yml]'); "
					+ "known settings under ims.driver: ims.driver.max-in-flight, ims.driver.type")
			.hasMessageContaining("Unknown setting ims.totally-unrelated")
			.satisfies((ex) -> assertThat(ex.getMessage().lines()).hasSize(2));
	}

	@Test
	void acceptsKnownNamesInEveryRelaxedFormAndAnyKeyBelowMapsAndLists() {
		StandardEnvironment environment = environment(
				new SimpleCommandLinePropertySource("--ims.driver.max-in-flight=8", "--ims.dataDir=/srv",
						"--ims.compute.flavors.s1-large.cpus=4", "--ims.seed.images[0].name=base",
						"--spring.kafka.bootstrap-servers=localhost:9092", "--other.setting=1"),
				new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
						Map.of("IMS_DRIVER_TYPE", "vsphere", "IMS_VSPHERE_RESOURCEPOOL", "pool",
								"IMS_VSPHERE_RESOURCE_POOL", "pool", "IMS_COMPUTE_FLAVORS_S1_CPUS", "2",
								"IMS_SEED_IMAGES_0_NAME", "base")));

		assertThatNoException().isThrownBy(() -> ImsSettingsCheck.check(environment, this.known));
	}

	@Test
	void knowsTheNamesTheConfigurationProcessorWroteForCore() {
		KnownSettings classpath = KnownSettings.load(getClass().getClassLoader());

		StandardEnvironment environment = environment(new SimpleCommandLinePropertySource("--ims.driver.type=vsphere",
				"--ims.vsphere.url=https://vcenter.example.com/sdk", "--ims.vsphere.password-file=/run/secret",
				"--ims.vsphere.task-timeout=5m", "--ims.driver.simulated.latency=1s", "--ims.mongodb.uri=mongodb://x"));

		assertThatNoException().isThrownBy(() -> ImsSettingsCheck.check(environment, classpath));
		assertThatThrownBy(() -> ImsSettingsCheck
			.check(environment(new SimpleCommandLinePropertySource("--ims.vsphere.thumbprnt=ab")), classpath))
			.hasMessageContaining("did you mean ims.vsphere.thumbprint?");
	}

	@Test
	void checksALaunchersArgumentsBeforeAnyServiceStarts() {
		ClassLoader classLoader = getClass().getClassLoader();

		assertThatNoException().isThrownBy(() -> ImsSettingsCheck
			.checkArguments(List.of("up", "--port", "9443", "--ims.driver.type=vsphere", "--debug"), classLoader));
		assertThatThrownBy(() -> ImsSettingsCheck.checkArguments(List.of("--ims.drivr.type=vsphere"), classLoader))
			.hasMessageStartingWith("Unknown setting ims.drivr.type (from the command line); "
					+ "did you mean ims.driver.type?");
	}

	@Test
	void mapsNamesToTheirEnvironmentVariables() {
		assertThat(ImsSettingsCheck.environmentForm("ims.vsphere.resource-pool")).isEqualTo("IMS_VSPHERE_RESOURCEPOOL");
	}

	private static StandardEnvironment environment(org.springframework.core.env.PropertySource<?>... sources) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
		for (org.springframework.core.env.PropertySource<?> source : sources) {
			environment.getPropertySources().addLast(source);
		}
		return environment;
	}

}
