package cloud.ims.standalone;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import cloud.ims.standalone.infrastructure.LoopbackPorts;

/**
 * The loopback ports of the embedded Kafka broker (client and controller listeners) and of the MongoDB server. A port
 * given as {@code --ims.standalone.*-port=} is used as is; otherwise the port of the previous start is taken again if
 * it is free (so tools pointed at the broker keep working), else any free port.
 */
record InternalPorts(int kafka, int kafkaController, int mongo) {

	static final String KAFKA = "ims.standalone.kafka-port";

	static final String KAFKA_CONTROLLER = "ims.standalone.kafka-controller-port";

	static final String MONGO = "ims.standalone.mongo-port";

	/**
	 * Never the HTTPS port: it is chosen before the stack binds it (a free port then), and a broker listener that took
	 * it would answer the API's clients.
	 */
	static InternalPorts choose(Map<String, String> requested, Properties previous, int httpsPort) {
		int[] spare;
		do {
			spare = LoopbackPorts.free(3);
		}
		while (spare[0] == httpsPort || spare[1] == httpsPort || spare[2] == httpsPort);
		int kafka = choose(KAFKA, requested, previous, spare[0]);
		int controller = choose(KAFKA_CONTROLLER, requested, previous, spare[1]);
		int mongo = choose(MONGO, requested, previous, spare[2]);
		if (new HashSet<>(List.of(kafka, controller, mongo, httpsPort)).size() < 4) {
			return new InternalPorts(spare[0], spare[1], spare[2]);
		}
		return new InternalPorts(kafka, controller, mongo);
	}

	private static int choose(String name, Map<String, String> requested, Properties previous, int spare) {
		String explicit = requested.get(name);
		if (explicit != null) {
			return Integer.parseInt(explicit);
		}
		String last = previous.getProperty(name);
		if (last != null && LoopbackPorts.isFree(Integer.parseInt(last))) {
			return Integer.parseInt(last);
		}
		return spare;
	}
}
