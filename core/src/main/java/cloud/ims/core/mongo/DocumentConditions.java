package cloud.ims.core.mongo;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

import org.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * The conditions of an image list evaluated on documents in memory, with MongoDB's semantics for the values IMS
 * stores: {@code $eq} on an array matches an element, {@code $ne} and {@code $nin} match a missing field, and the
 * range operators compare only values of the same kind (numbers with numbers, strings with strings, dates with dates).
 * {@link MongoImages} builds the same conditions as query filters; both must select the same documents.
 */
final class DocumentConditions {

	private DocumentConditions() {
	}

	static Predicate<Document> eq(String field, @Nullable Object value) {
		return (document) -> equalsAny(valueOf(document, field), value);
	}

	static Predicate<Document> ne(String field, @Nullable Object value) {
		return eq(field, value).negate();
	}

	static Predicate<Document> in(String field, Collection<?> values) {
		return (document) -> {
			Object stored = valueOf(document, field);
			return values.stream().anyMatch((value) -> equalsAny(stored, value));
		};
	}

	static Predicate<Document> nin(String field, Collection<?> values) {
		return in(field, values).negate();
	}

	static Predicate<Document> gt(String field, Object value) {
		return compared(field, value, (order) -> order > 0);
	}

	static Predicate<Document> gte(String field, Object value) {
		return compared(field, value, (order) -> order >= 0);
	}

	static Predicate<Document> lt(String field, Object value) {
		return compared(field, value, (order) -> order < 0);
	}

	static Predicate<Document> lte(String field, Object value) {
		return compared(field, value, (order) -> order <= 0);
	}

	static Predicate<Document> never() {
		return (document) -> false;
	}

	/** The value at a dotted path ({@code properties.architecture}); null when any step is missing. */
	static @Nullable Object valueOf(Document document, String field) {
		int dot = field.indexOf('.');
		if (dot < 0) {
			return document.get(field);
		}
		Object parent = document.get(field.substring(0, dot));
		return (parent instanceof Document nested) ? valueOf(nested, field.substring(dot + 1)) : null;
	}

	private static Predicate<Document> compared(String field, Object value, IntPredicate order) {
		return (document) -> {
			Object stored = valueOf(document, field);
			if (stored instanceof List<?> elements) {
				return elements.stream().anyMatch((element) -> comparable(element, value)
						&& order.test(SortValues.compare(element, value)));
			}
			return comparable(stored, value) && order.test(SortValues.compare(stored, value));
		};
	}

	private static boolean equalsAny(@Nullable Object stored, @Nullable Object value) {
		if (stored instanceof List<?> elements && !(value instanceof List<?>)) {
			return elements.stream().anyMatch((element) -> same(element, value));
		}
		return same(stored, value);
	}

	private static boolean same(@Nullable Object stored, @Nullable Object value) {
		if (stored instanceof Number storedNumber && value instanceof Number number) {
			return Double.compare(storedNumber.doubleValue(), number.doubleValue()) == 0;
		}
		return Objects.equals(stored, value);
	}

	private static boolean comparable(@Nullable Object stored, Object value) {
		return stored != null && ((stored instanceof Number && value instanceof Number)
				|| stored.getClass() == value.getClass());
	}

}
