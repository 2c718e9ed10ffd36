package cloud.ims.gateway.image;

import java.util.ArrayList;
import java.util.List;

/**
 * The values of Glance's {@code in:} operator, split as Glance splits them (the API working group's rule): by commas,
 * where a value in double quotes may hold commas, and a backslash escapes a quote or a backslash inside them. A quote
 * must open a value and close it right before a comma or the end.
 */
final class FilterValues {

	private FilterValues() {
	}

	static List<String> split(String name, String list) {
		List<String> values = new ArrayList<>();
		int at = 0;
		while (at <= list.length()) {
			if (at < list.length() && list.charAt(at) == '"') {
				StringBuilder quoted = new StringBuilder();
				int end = at + 1;
				while (end < list.length() && list.charAt(end) != '"') {
					if (list.charAt(end) == '\\' && end + 1 < list.length()) {
						end++;
					}
					quoted.append(list.charAt(end));
					end++;
				}
				if (end >= list.length()) {
					throw invalid(name, list, "a quotation mark is not closed");
				}
				if (end + 1 < list.length() && list.charAt(end + 1) != ',') {
					throw invalid(name, list, "there is no comma after a closing quotation mark");
				}
				values.add(quoted.toString());
				at = end + 2;
			}
			else {
				int comma = list.indexOf(',', at);
				int end = (comma < 0) ? list.length() : comma;
				String value = list.substring(at, end);
				if (value.indexOf('"') >= 0) {
					throw invalid(name, list, "there is no comma before an opening quotation mark");
				}
				if (!value.isEmpty() || comma >= 0) {
					values.add(value);
				}
				at = end + 1;
			}
		}
		return values;
	}

	private static RuntimeException invalid(String name, String list, String problem) {
		return ImageFilters.invalid(name + "=in:" + list + " is invalid: " + problem + ". Separate values with commas "
				+ "and quote a value that holds commas, e.g. " + name + "=in:\"a,b\",c.");
	}

}
