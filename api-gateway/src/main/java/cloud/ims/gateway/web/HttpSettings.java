package cloud.ims.gateway.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Bounds on what a request may make the gateway hold in memory.
 *
 * @param maxJsonBody the largest request body the gateway reads into memory (JSON, JSON patches, console forms);
 * image data streamed to its upload routes has its own limit, {@code ims.import.max-size}
 */
@ConfigurationProperties("ims.http")
public record HttpSettings(@DefaultValue("1MB") DataSize maxJsonBody) {

	public HttpSettings {
		if (maxJsonBody.toBytes() < 1 || maxJsonBody.toBytes() > Integer.MAX_VALUE) {
			throw new IllegalArgumentException("ims.http.max-json-body must be from 1 byte to 2 GB; it is "
					+ maxJsonBody + ".");
		}
	}

	/** The bound in bytes. */
	public int maxJsonBodyBytes() {
		return (int) this.maxJsonBody.toBytes();
	}

}
