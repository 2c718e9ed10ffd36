package cloud.ims.provisioning;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The name this worker instance reports itself under to operators. Defaults to the host name, which stays the same
 * across restarts of a replica, so that a restarted worker replaces its own report instead of adding one.
 */
@ConfigurationProperties("ims.instance")
record WorkerInstance(@DefaultValue("") String id) {

	WorkerInstance {
		if (id.isBlank()) {
			id = hostName();
		}
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "provisioning-worker";
		}
	}

}
