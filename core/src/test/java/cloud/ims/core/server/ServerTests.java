package cloud.ims.core.server;

import java.time.Instant;
import java.util.Map;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.compute.VmState;
import cloud.ims.core.image.ImageId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerTests {

	private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	@Test
	void becomesActiveOnceBuilt() {
		Server active = building().built(NOW).orElseThrow();

		assertThat(active.status()).isEqualTo(ServerStatus.ACTIVE);
		assertThat(active.built(NOW)).isEmpty();
		assertThat(active.failed(new Fault("E", "m"), NOW)).isEmpty();
	}

	@Test
	void goesToErrorWithItsFault() {
		Server failed = building().failed(new Fault("Ecs.0503", "driver down"), NOW).orElseThrow();

		assertThat(failed.status()).isEqualTo(ServerStatus.ERROR);
		assertThat(failed.fault()).isEqualTo(new Fault("Ecs.0503", "driver down"));
		assertThat(failed.built(NOW)).isEmpty();
	}

	@Test
	void canBeCapturedOnlyWhenActiveOrShutOff() {
		assertThatThrownBy(() -> building().requireCapturable()).isInstanceOfSatisfying(ImsException.class,
				(error) -> assertThat(error.code()).isEqualTo("Ecs.0406"));
		building().built(NOW).orElseThrow().requireCapturable();
	}

	@ParameterizedTest(name = "{0} observed {1} -> {2}")
	@CsvSource({ "ACTIVE, SHUTOFF, SHUTOFF", "SHUTOFF, ACTIVE, ACTIVE", "ACTIVE, ACTIVE, unchanged",
			"SHUTOFF, SHUTOFF, unchanged", "BUILD, ACTIVE, unchanged", "BUILD, SHUTOFF, unchanged",
			"ERROR, ACTIVE, unchanged", "DELETED, ACTIVE, unchanged", "ACTIVE, DELETED, unchanged" })
	void followsThePowerStateObservedOnlyWhenSettled(ServerStatus status, VmState observed, String expected) {
		Server server = in(status);

		var followed = server.powerObserved(observed, NOW.plusSeconds(5));

		if (expected.equals("unchanged")) {
			assertThat(followed).isEmpty();
		}
		else {
			assertThat(followed).hasValueSatisfying((changed) -> {
				assertThat(changed.status()).isEqualTo(ServerStatus.valueOf(expected));
				assertThat(changed.updated()).isEqualTo(NOW.plusSeconds(5));
				assertThat(changed.version()).isEqualTo(server.version());
			});
		}
	}

	private static Server in(ServerStatus status) {
		Server building = building();
		return new Server(building.id(), building.name(), building.projectId(), building.userId(), status,
				building.imageId(), building.flavor(), building.rootVolumeGb(), building.metadata(),
				building.description(), null, building.jobId(), NOW, NOW, 3);
	}

	private static Server building() {
		return Server.building(ServerId.newId(), "vm", "p", "u", ImageId.newId(), new Flavor("f", "f", 1, 1024, 10), 10,
				Map.of(), null, "job", NOW);
	}

}
