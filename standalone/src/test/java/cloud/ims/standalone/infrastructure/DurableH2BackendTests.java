package cloud.ims.standalone.infrastructure;

import java.nio.file.Path;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

class DurableH2BackendTests {

	@TempDir
	Path directory;

	@Test
	void commitsEveryAcknowledgedWriteToTheFile() {
		DurableH2Backend backend = new DurableH2Backend(this.directory.resolve("ims.mv").toString());
		MongoServer server = new MongoServer(backend);
		try (MongoClient client = MongoClients.create(server.bindAndGetConnectionString())) {
			MongoCollection<Document> jobs = client.getDatabase("ims").getCollection("jobs");
			Mono.from(jobs.insertOne(new Document("_id", "j1"))).block();
			assertThat(backend.getMvStore().hasUnsavedChanges()).isFalse();

			Mono.from(jobs.updateOne(new Document("_id", "j1"), new Document("$set", new Document("status", "RUNNING"))))
				.block();
			assertThat(backend.getMvStore().hasUnsavedChanges()).isFalse();
		}
		finally {
			server.shutdownNow();
		}
	}

}
