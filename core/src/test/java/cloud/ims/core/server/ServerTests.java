package cloud.ims.core.server;

import java.time.Instant;
import java.util.Map;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.image.ImageId;
import org.junit.jupiter.api.Test;

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

	private static Server building() {
		return Server.building(ServerId.newId(), "vm", "p", "u", ImageId.newId(), new Flavor("f", "f", 1, 1024, 10), 10,
				Map.of(), null, "job", NOW);
	}

}
