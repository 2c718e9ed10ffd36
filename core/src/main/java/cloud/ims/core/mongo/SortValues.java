package cloud.ims.core.mongo;

import java.util.Date;

import org.jspecify.annotations.Nullable;

/**
 * Compares the values of a sort key as MongoDB orders them for the types IMS stores: null first, then numbers,
 * strings, booleans and dates, each by its natural order.
 */
final class SortValues {

	private SortValues() {
	}

	static int compare(@Nullable Object left, @Nullable Object right) {
		int byType = Integer.compare(rank(left), rank(right));
		if (byType != 0 || left == null) {
			return byType;
		}
		if (left instanceof Number leftNumber && right instanceof Number rightNumber) {
			return Double.compare(leftNumber.doubleValue(), rightNumber.doubleValue());
		}
		if (left instanceof String leftText && right instanceof String rightText) {
			return leftText.compareTo(rightText);
		}
		if (left instanceof Boolean leftFlag && right instanceof Boolean rightFlag) {
			return leftFlag.compareTo(rightFlag);
		}
		if (left instanceof Date leftDate && right instanceof Date rightDate) {
			return leftDate.compareTo(rightDate);
		}
		return String.valueOf(left).compareTo(String.valueOf(right));
	}

	private static int rank(@Nullable Object value) {
		if (value == null) {
			return 0;
		}
		if (value instanceof Number) {
			return 1;
		}
		if (value instanceof String) {
			return 2;
		}
		if (value instanceof Boolean) {
			return 4;
		}
		if (value instanceof Date) {
			return 5;
		}
		return 3;
	}

}
