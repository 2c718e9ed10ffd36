package cloud.ims.gateway.image;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.image.ImageEdit;
import cloud.ims.core.image.ImageRules;
import cloud.ims.core.image.Visibility;
import org.jspecify.annotations.Nullable;

/**
 * Applies a JSON patch to the editable part of an image. Values may come typed (Glance clients) or as strings
 * (the Huawei SDK types every value as a string): {@code "50"} and {@code "true"} are converted to the path's type.
 * On a property that exists, {@code add} replaces it, as Glance does.
 */
final class ImagePatch {

	/** Paths an image has but no patch may change. */
	static final Set<String> READ_ONLY = Set.of("id", "status", "size", "virtual_size", "checksum", "owner",
			"os_hash_algo", "os_hash_value", "created_at", "updated_at", "self", "file", "schema", "direct_url",
			"locations", "__imagetype", "__image_size", "__data_origin", "__isregistered", "__os_type", "__os_bit",
			"__platform", "__frequently_used", "disk_format", "container_format");

	private final OsVersionCatalogue osVersions;

	private String name;

	private @Nullable String description;

	private int minDisk;

	private int minRam;

	private @Nullable Integer maxRam;

	private List<String> tags;

	private boolean isProtected;

	private @Nullable String osVersion;

	private Visibility visibility;

	private final Map<String, String> properties;

	private final Map<String, String> startProperties;

	private final List<String> changedPaths = new ArrayList<>();

	ImagePatch(ImageEdit start, OsVersionCatalogue osVersions) {
		this.osVersions = osVersions;
		this.name = start.name();
		this.description = start.description();
		this.minDisk = start.minDisk();
		this.minRam = start.minRam();
		this.maxRam = start.maxRam();
		this.tags = start.tags();
		this.isProtected = start.isProtected();
		this.osVersion = start.osVersion();
		this.visibility = start.visibility();
		this.properties = new LinkedHashMap<>(start.properties());
		this.startProperties = start.properties();
	}

	ImageEdit apply(List<PatchOperation> operations) {
		if (operations.isEmpty()) {
			throw invalid("The patch is empty. Send a JSON array of operations such as "
					+ "[{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"new name\"}].");
		}
		operations.forEach(this::apply);
		ImageRules.properties(this.startProperties, this.properties);
		return new ImageEdit(this.name, this.description, this.minDisk, this.minRam, this.maxRam, this.tags,
				this.isProtected, this.osVersion, this.visibility, Map.copyOf(this.properties));
	}

	List<String> changedPaths() {
		return List.copyOf(this.changedPaths);
	}

	private void apply(PatchOperation operation) {
		if (!operation.other().isEmpty()) {
			throw invalid("Unknown member(s) " + operation.other().keySet() + " in a patch operation; use op, path and value.");
		}
		String op = operation.op();
		String path = operation.path();
		if (op == null || !List.of("add", "replace", "remove").contains(op)) {
			throw invalid("Patch op '" + op + "' is not supported; use add, replace or remove.");
		}
		if (path == null || !path.startsWith("/") || path.length() < 2) {
			throw invalid("Patch path '" + path + "' is invalid; paths look like /name.");
		}
		String field = path.substring(1).replace("~1", "/").replace("~0", "~");
		if (READ_ONLY.contains(field)) {
			throw new ImsException(Kind.FORBIDDEN, "IMG.0096", "Attribute '" + field + "' is read-only.");
		}
		this.changedPaths.add(field);
		if (op.equals("remove")) {
			remove(field);
		}
		else {
			set(field, op, operation.value());
		}
	}

	private void set(String field, String op, @Nullable Object value) {
		switch (field) {
			case "name" -> this.name = ImageRules.name(text(field, value));
			case "__description", "description" -> this.description = ImageRules.description(text(field, value));
			case "min_disk" -> this.minDisk = range(field, integer(field, value), 1, 1024);
			case "min_ram" -> this.minRam = range(field, integer(field, value), 0, Integer.MAX_VALUE);
			case "max_ram" -> this.maxRam = range(field, integer(field, value), 0, Integer.MAX_VALUE);
			case "tags" -> this.tags = ImageRules.tags(tags(value));
			case "protected" -> this.isProtected = bool(field, value);
			case "__os_version" -> this.osVersion = this.osVersions.require(text(field, value)).osVersion();
			case "visibility" -> this.visibility = visibility(text(field, value));
			// Glance's os_hidden always exists (false unless set), so replace works on an image that never set it.
			case "os_hidden" -> this.properties.put(field, String.valueOf(bool(field, value)));
			default -> setProperty(field, op, value);
		}
	}

	private void remove(String field) {
		switch (field) {
			case "__description", "description" -> this.description = null;
			case "max_ram" -> this.maxRam = null;
			case "__os_version" -> this.osVersion = null;
			case "tags" -> this.tags = List.of();
			case "name", "min_disk", "min_ram", "protected", "visibility", "os_hidden" -> throw new ImsException(Kind.FORBIDDEN,
					"IMG.0096", "Attribute '" + field + "' cannot be removed; replace it instead.");
			default -> {
				if (this.properties.remove(field) == null) {
					throw new ImsException(Kind.CONFLICT, "IMG.0097",
							"Property '" + field + "' does not exist, so it cannot be removed.");
				}
			}
		}
	}

	private void setProperty(String field, String op, @Nullable Object value) {
		ImageRules.propertyKey(field);
		if (op.equals("replace") && !this.properties.containsKey(field)) {
			throw new ImsException(Kind.CONFLICT, "IMG.0097",
					"Property '" + field + "' does not exist, so it cannot be replaced; use op add.");
		}
		this.properties.put(field, HuaweiProperties.normalize(field, value));
	}

	private static String text(String field, @Nullable Object value) {
		if (!(value instanceof String text)) {
			throw invalid("The value of /" + field + " must be a string.");
		}
		return text;
	}

	private static int integer(String field, @Nullable Object value) {
		if (value instanceof Integer number) {
			return number;
		}
		if (value instanceof String text) {
			try {
				return Integer.parseInt(text.trim());
			}
			catch (NumberFormatException notANumber) {
				// answered below
			}
		}
		throw invalid("The value of /" + field + " must be a whole number, e.g. 40 or \"40\".");
	}

	private static boolean bool(String field, @Nullable Object value) {
		if (value instanceof Boolean flag) {
			return flag;
		}
		if ("true".equals(value) || "false".equals(value)) {
			return Boolean.parseBoolean((String) value);
		}
		throw invalid("The value of /" + field + " must be true or false.");
	}

	private static int range(String field, int value, int min, int max) {
		if (value < min || value > max) {
			throw invalid("The value of /" + field + " must be from " + min + " to " + max + "; it is " + value + ".");
		}
		return value;
	}

	@SuppressWarnings("unchecked")
	private static List<String> tags(@Nullable Object value) {
		if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
			return (List<String>) list;
		}
		if (value instanceof String text) {
			return text.isBlank() ? List.of() : List.of(text.split(","));
		}
		throw invalid("The value of /tags must be an array of strings (or a comma-separated string).");
	}

	private static Visibility visibility(String value) {
		if (!value.equals("public") && !value.equals("private") && !value.equals("shared")) {
			throw invalid("visibility '" + value + "' is not supported; use public, private or shared.");
		}
		return Visibility.fromWireName(value);
	}

	private static ImsException invalid(String message) {
		return new ImsException(Kind.INVALID, "IMG.0001", message);
	}

}
