package cloud.ims.schemas;

import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Builds a generic datum for any schema, so that every historical version can be exercised
 * without hand-written fixtures per version. Strings carry the field name.
 */
final class SampleData {

	private SampleData() {
	}

	static GenericRecord of(Schema record) {
		GenericRecord datum = new GenericData.Record(record);
		for (Schema.Field field : record.getFields()) {
			datum.put(field.pos(), value(field.schema(), field.name()));
		}
		return datum;
	}

	private static Object value(Schema schema, String name) {
		return switch (schema.getType()) {
			case RECORD -> of(schema);
			case STRING -> name;
			case INT -> 7;
			case LONG -> 1_760_000_000_123L;
			case DOUBLE -> 0.5;
			case FLOAT -> 0.5f;
			case BOOLEAN -> true;
			case ENUM -> new GenericData.EnumSymbol(schema, schema.getEnumSymbols().get(schema.getEnumSymbols().size() - 1));
			case ARRAY -> List.of(value(schema.getElementType(), name));
			case MAP -> Map.of("key", value(schema.getValueType(), name));
			case UNION -> value(schema.getTypes().stream().filter(type -> type.getType() != Schema.Type.NULL).findFirst()
				.orElseThrow(), name);
			case NULL -> null;
			default -> throw new IllegalArgumentException("No sample for " + schema);
		};
	}

}
