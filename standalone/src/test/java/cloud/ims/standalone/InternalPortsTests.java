package cloud.ims.standalone;

import java.util.Map;
import java.util.Properties;

import cloud.ims.standalone.infrastructure.LoopbackPorts;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InternalPortsTests {

	@Test
	void usesRequestedPorts() {
		InternalPorts ports = InternalPorts
			.choose(Map.of(InternalPorts.KAFKA, "19092", InternalPorts.MONGO, "37017"), new Properties(), 0);

		assertThat(ports.kafka()).isEqualTo(19092);
		assertThat(ports.mongo()).isEqualTo(37017);
		assertThat(ports.kafkaController()).isNotIn(19092, 37017);
	}

	@Test
	void reusesPreviousPortWhileFree() {
		int previous = LoopbackPorts.free(1)[0];
		Properties runtime = new Properties();
		runtime.setProperty(InternalPorts.MONGO, String.valueOf(previous));

		InternalPorts ports = InternalPorts.choose(Map.of(), runtime, 0);

		assertThat(ports.mongo()).isEqualTo(previous);
		assertThat(ports.kafka()).isNotEqualTo(ports.kafkaController()).isNotEqualTo(previous);
	}

	@Test
	void neverTakesTheHttpsPortEvenWhenItWasAnInternalOneBefore() {
		int https = LoopbackPorts.free(1)[0];
		Properties runtime = new Properties();
		runtime.setProperty(InternalPorts.KAFKA_CONTROLLER, String.valueOf(https));

		InternalPorts ports = InternalPorts.choose(Map.of(), runtime, https);

		assertThat(java.util.List.of(ports.kafka(), ports.kafkaController(), ports.mongo())).doesNotContain(https)
			.doesNotHaveDuplicates();
	}

}
