package cloud.ims.gateway.server;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;

/**
 * The request fields of Huawei ECS's server-creation models that have no meaning in this cloud: accepted and
 * ignored, so that the official SDK's requests pass; any other unknown field is an error.
 */
final class HuaweiServerFields {

	static final Set<String> REQUEST = Set.of("extendparam");

	static final Set<String> SERVER = Set.of("vpcid", "nics", "security_groups", "availability_zone", "publicip",
			"key_name", "adminPass", "user_data", "data_volumes", "server_tags", "tags", "extendparam",
			"os:scheduler_hints", "tenancy", "dedicated_host_id", "batch_create_in_multi_az", "auto_terminate_time",
			"cpu_options", "isAutoRename", "hostname", "network_interfaces", "security_options",
			"serial_console_options", "metadata_options", "enclave_options");

	static final Set<String> ROOT_VOLUME = Set.of("volumetype", "extendparam", "cluster_type", "cluster_id",
			"hw:passthrough", "metadata", "iops", "throughput");

	private HuaweiServerFields() {
	}

	static void requireKnown(String where, Map<String, Object> fields, Set<String> known) {
		Set<String> unknown = new TreeSet<>(fields.keySet());
		unknown.removeAll(known);
		if (!unknown.isEmpty()) {
			throw new ImsException(Kind.INVALID, "Ecs.0005", "Unknown field(s) " + unknown + " in " + where
					+ ". Remove them; see the API reference for the accepted fields.");
		}
	}

}
