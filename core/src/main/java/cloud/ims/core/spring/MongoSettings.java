package cloud.ims.core.spring;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the MongoDB (or MongoDB-protocol) server is, and how long to wait for it.
 */
@ConfigurationProperties("ims.mongodb")
public record MongoSettings(@DefaultValue("mongodb://127.0.0.1:27017") String uri, @DefaultValue("ims") String database,
		@DefaultValue("5s") Duration serverSelectionTimeout) {
}
