package cloud.ims.core.mongo;

import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VersionedCollectionTests {

	@Test
	void comparesAndSetsWithAFilterOfExactlyTheFieldsOfTheUniqueCasIndex() {
		BsonDocument filter = VersionedCollection.casFilter("image-1", 7).toBsonDocument();

		assertThat(filter).isEqualTo(new BsonDocument("_id", new BsonString("image-1")).append("version",
				new BsonInt64(7)));
	}

}
