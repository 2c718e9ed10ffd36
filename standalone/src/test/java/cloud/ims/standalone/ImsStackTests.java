package cloud.ims.standalone;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImsStackTests {

	private static final Path DATA = Path.of("/srv/ims");

	@Test
	void pointsServicesAtDataDirectoryAndInfrastructure() {
		List<String> arguments = ImsStack
			.arguments(new StackSettings(DATA, 8443, "127.0.0.1:9092", "mongodb://127.0.0.1:27017"));

		assertThat(arguments).contains("--ims.data-dir=/srv/ims",
				"--spring.kafka.bootstrap-servers=127.0.0.1:9092", "--ims.mongodb.uri=mongodb://127.0.0.1:27017");
	}

	@Test
	void tellsTheGatewayAloneWhereTheKeysAre() {
		StackSettings settings = new StackSettings(DATA, 8443, "127.0.0.1:9092", "mongodb://127.0.0.1:27017");
		String[] arguments = ImsStack.arguments(settings).toArray(String[]::new);

		assertThat(ImsStack.gatewayArguments(arguments, settings)).contains(
				"--server.ssl.certificate=file:/srv/ims/tls/server.crt",
				"--server.ssl.certificate-private-key=file:/srv/ims/tls/server.key",
				"--ims.identity.signing-key=/srv/ims/keys/jwt-signing-key.json",
				"--ims.identity.access-keys.encryption-key-file=/srv/ims/keys/credential-key");
		// The image-worker runs qemu-img on tenants' files: neither it nor the other worker is told of a key or /keys.
		assertThat(ImsStack.workerArguments(arguments))
			.noneMatch((argument) -> argument.contains("/keys/") || argument.contains("/tls/")
					|| argument.startsWith("--server.ssl.") || argument.startsWith("--ims.identity."));
	}

	@Test
	void refusesAnImageStoreOrVmwareRootThatHoldsTheKeys() {
		assertThatThrownBy(() -> ImsStack.checkKeysApartFromImageData(new StackSettings(DATA, 8443, "127.0.0.1:9092",
				"mongodb://127.0.0.1:27017", List.of("--ims.image-store.root=/srv/ims"))))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("ims.image-store.root (/srv/ims) holds the keys in /srv/ims/keys");
		assertThatThrownBy(() -> ImsStack.checkKeysApartFromImageData(new StackSettings(DATA, 8443, "127.0.0.1:9092",
				"mongodb://127.0.0.1:27017", List.of("--ims.driver.simulated.root=/srv/ims/tls/vmware"))))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("ims.driver.simulated.root (/srv/ims/tls/vmware) holds the keys in /srv/ims/tls");

		assertThatCode(() -> ImsStack.checkKeysApartFromImageData(new StackSettings(DATA, 8443, "127.0.0.1:9092",
				"mongodb://127.0.0.1:27017", List.of("--ims.image-store.root=/srv/images"))))
			.doesNotThrowAnyException();
		assertThatCode(() -> ImsStack.checkKeysApartFromImageData(
				new StackSettings(DATA, 8443, "127.0.0.1:9092", "mongodb://127.0.0.1:27017")))
			.doesNotThrowAnyException();
	}

	@Test
	void letsExtraArgumentsNameOtherKeyFilesOnce() {
		StackSettings settings = new StackSettings(DATA, 8443, "127.0.0.1:9092", "mongodb://127.0.0.1:27017",
				List.of("--ims.identity.signing-key=/etc/ims/signing-key.json"));
		String[] gateway = ImsStack.gatewayArguments(ImsStack.arguments(settings).toArray(String[]::new), settings);

		assertThat(gateway).filteredOn((argument) -> argument.startsWith("--ims.identity.signing-key="))
			.containsExactly("--ims.identity.signing-key=/etc/ims/signing-key.json");
	}

	@Test
	void givesTheHttpsPortToTheGatewayAlone() {
		StackSettings settings = new StackSettings(DATA, 8443, "127.0.0.1:9092", "mongodb://127.0.0.1:27017");
		String[] arguments = ImsStack.arguments(settings).toArray(String[]::new);

		assertThat(arguments).noneMatch((argument) -> argument.startsWith("--server.port="));
		assertThat(ImsStack.gatewayArguments(arguments, settings)).contains("--server.port=8443");
		assertThat(ImsStack.workerArguments(ImsStack.gatewayArguments(arguments, settings)))
			.contains("--server.port=0").doesNotContain("--server.port=8443");
	}

	@Test
	void letsExtraArgumentsOverrideDefaultsOnce() {
		List<String> arguments = ImsStack.arguments(new StackSettings(DATA, 8443, "127.0.0.1:9092",
				"mongodb://127.0.0.1:27017", List.of("--server.port=9443", "--ims.driver.simulated.latency=2s", "--debug")));

		assertThat(arguments).contains("--server.port=9443", "--ims.driver.simulated.latency=2s", "--debug");
	}

	@Test
	void resolvesRelativeDataDirectory() {
		List<String> arguments = ImsStack
			.arguments(new StackSettings(Path.of("data"), 0, "127.0.0.1:9092", "mongodb://127.0.0.1:27017"));

		assertThat(arguments).contains("--ims.data-dir=" + Path.of("data").toAbsolutePath());
	}
}
