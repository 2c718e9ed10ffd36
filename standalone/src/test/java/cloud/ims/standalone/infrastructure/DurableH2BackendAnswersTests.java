package cloud.ims.standalone.infrastructure;

import java.nio.file.Path;
import java.util.List;

import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The backend's answers are copies: mongo-java-server would answer with the stored documents themselves, which an
 * update changes in place while the answer is being encoded.
 */
class DurableH2BackendAnswersTests {

	@TempDir
	Path directory;

	private DurableH2Backend backend;

	private final EmbeddedChannel channel = new EmbeddedChannel();

	@BeforeEach
	void storeAJob() {
		this.backend = new DurableH2Backend(this.directory.resolve("ims.mv").toString());
		this.backend.handleCommand(this.channel, "ims", "insert", new Document("insert", "jobs").append("documents",
				List.of(new Document("_id", "j1").append("status", "INIT"))));
	}

	@AfterEach
	void close() {
		this.channel.close();
		this.backend.close();
	}

	@Test
	void answersAFindWithACopy() {
		found().put("status", "changed while it was being sent");

		assertThat(found().get("status")).isEqualTo("INIT");
	}

	@Test
	void answersAFindAndModifyWithACopy() {
		Document modified = (Document) this.backend
			.handleCommand(this.channel, "ims", "findAndModify", new Document("findAndModify", "jobs")
				.append("query", new Document("_id", "j1"))
				.append("update", new Document("$set", new Document("status", "RUNNING")))
				.append("new", true))
			.get("value");

		modified.put("status", "changed while it was being sent");

		assertThat(found().get("status")).isEqualTo("RUNNING");
	}

	@SuppressWarnings("unchecked")
	private Document found() {
		Document answer = this.backend.handleCommand(this.channel, "ims", "find",
				new Document("find", "jobs").append("filter", new Document("_id", "j1")));
		return ((List<Document>) ((Document) answer.get("cursor")).get("firstBatch")).get(0);
	}

}
