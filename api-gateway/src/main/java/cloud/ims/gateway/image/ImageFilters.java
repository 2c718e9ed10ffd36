package cloud.ims.gateway.image;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Function;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.image.ImageQuery;
import cloud.ims.core.image.ImageQuery.Condition;
import cloud.ims.core.image.ImageQuery.Field;
import cloud.ims.core.image.ImageQuery.Operator;
import cloud.ims.core.image.ImageQuery.Sort;
import cloud.ims.core.image.ImageStatus;
import cloud.ims.core.image.MemberStatus;
import cloud.ims.core.image.Visibility;
import cloud.ims.core.shortlist.Shortlist;
import cloud.ims.gateway.security.Caller;
import cloud.ims.gateway.web.Paging;
import org.jspecify.annotations.Nullable;
import org.springframework.util.MultiValueMap;

/**
 * Turns the list parameters of either dialect into an {@link ImageQuery}. Every parameter is checked: a malformed
 * value or a bad operator is an error that names it. In the Huawei dialect an unknown parameter is an error too; in
 * Glance's, as in Glance, it filters on the free-form property of that name. Filters the Huawei SDK defines on
 * properties an image does not have simply match nothing.
 */
final class ImageFilters {

	/** Which parameters a list accepts, and what an unknown one means. */
	enum Dialect {

		/** Huawei's ListImages: the SDK's parameters, any other is an error. */
		HUAWEI,

		/** Glance's image list: its parameters, the Huawei SDK's GlanceListImages ones, any other a property. */
		GLANCE

	}

	/** Parameters of Huawei's ListImagesRequest (and API.md's extensions). */
	static final Set<String> HUAWEI = Set.of("__imagetype", "__isregistered", "__os_bit", "__os_type", "__platform",
			"__support_diskintensive", "__support_highperformance", "__support_kvm", "__support_kvm_gpu_type",
			"__support_kvm_infiniband", "__support_largememory", "__support_xen", "__support_xen_gpu_type",
			"__support_xen_hana", "container_format", "disk_format", "enterprise_project_id", "id", "limit", "marker",
			"member_status", "min_disk", "min_ram", "name", "owner", "protected", "sort_dir", "sort_key", "status", "tag",
			"virtual_env_type", "visibility", "flavor_id", "created_at", "updated_at", "architecture",
			"__frequently_used", "all_projects");

	/** Parameters of Glance's image list, with those the Huawei SDK's GlanceListImagesRequest adds. */
	static final Set<String> GLANCE = Set.of("limit", "marker", "sort_key", "sort_dir", "sort", "name", "visibility",
			"status", "owner", "tag", "id", "protected", "container_format", "disk_format", "min_ram", "min_disk",
			"created_at", "updated_at", "member_status", "os_hidden", "checksum", "os_hash_value", "size_min",
			"size_max", "__frequently_used", "all_projects", "__imagetype", "__isregistered", "__os_bit", "__os_type",
			"__platform", "__support_diskintensive", "__support_highperformance", "__support_kvm",
			"__support_kvm_gpu_type", "__support_kvm_infiniband", "__support_largememory", "__support_xen",
			"__support_xen_gpu_type", "__support_xen_hana");

	/** The Huawei properties the SDK filters on that are free-form properties of an image here. */
	private static final List<String> HUAWEI_PROPERTIES = List.of("__support_diskintensive",
			"__support_highperformance", "__support_kvm", "__support_kvm_gpu_type", "__support_kvm_infiniband",
			"__support_largememory", "__support_xen", "__support_xen_gpu_type", "__support_xen_hana",
			"enterprise_project_id", "virtual_env_type", "architecture");

	private static final int MAX_PROPERTY_NAME = 255;

	private static final DateTimeFormatter HUAWEI_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

	private static final Map<String, Operator> OPERATORS = Map.of("gt", Operator.GT, "gte", Operator.GTE, "lt",
			Operator.LT, "lte", Operator.LTE, "eq", Operator.EQ, "neq", Operator.NE);

	private ImageFilters() {
	}

	/**
	 * The query; {@code shortlist} answers the caller's frequently used images, and {@code flavorRam} a flavor's RAM in
	 * MB (null for an unknown flavor).
	 */
	static ImageQuery parse(Caller caller, MultiValueMap<String, String> parameters, Dialect dialect,
			Shortlist shortlist, Function<String, @Nullable Integer> flavorRam) {
		Set<String> accepted = (dialect == Dialect.GLANCE) ? GLANCE : HUAWEI;
		List<Condition> conditions = new ArrayList<>();
		for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
			String name = parameter.getKey();
			if (accepted.contains(name)) {
				continue;
			}
			if (dialect == Dialect.HUAWEI) {
				throw invalid("Unknown query parameter '" + name + "'. Supported: " + new TreeSet<>(accepted)
						+ ".");
			}
			Field property = propertyFilter(name);
			parameter.getValue().forEach((value) -> conditions.add(eq(property, value)));
		}
		BiConsumer<String, BiConsumer<String, String>> each = (name, parse) -> {
			List<String> values = parameters.get(name);
			if (values != null) {
				values.forEach((value) -> parse.accept(name, value));
			}
		};
		each.accept("id", (name, value) -> conditions.add(listed(Field.ID, name, value, Function.identity())));
		each.accept("name", (name, value) -> conditions.add(listed(Field.NAME, name, value, Function.identity())));
		each.accept("owner", (name, value) -> conditions.add(eq(Field.OWNER, value)));
		each.accept("tag", (name, value) -> conditions.add(new Condition(Field.TAGS, Operator.CONTAINS, value)));
		each.accept("checksum", (name, value) -> conditions.add(eq(Field.CHECKSUM, value)));
		each.accept("os_hash_value", (name, value) -> conditions.add(eq(Field.OS_HASH_VALUE, value)));
		each.accept("container_format", (name, value) -> conditions.add(listed(Field.CONTAINER_FORMAT, name, value,
				Function.identity())));
		each.accept("disk_format", (name, value) -> conditions.add(listed(Field.DISK_FORMAT, name, value,
				Function.identity())));
		each.accept("__os_type", (name, value) -> conditions.add(eq(Field.OS_TYPE, oneOf(name, value, "Linux",
				"Windows", "Other"))));
		each.accept("__os_bit", (name, value) -> conditions.add(eq(Field.OS_BIT, oneOf(name, value, "32", "64"))));
		each.accept("__platform", (name, value) -> conditions.add(eq(Field.PLATFORM, value)));
		each.accept("status", (name, value) -> conditions.add(listed(Field.STATUS, name, value, ImageFilters::status)));
		each.accept("visibility", (name, value) -> conditions.addAll(visibility(value)));
		each.accept("__imagetype", (name, value) -> conditions.addAll(imageType(value, caller)));
		each.accept("protected", (name, value) -> conditions.add(eq(Field.PROTECTED, bool(name, value))));
		if (dialect == Dialect.GLANCE) {
			// As in Glance: hidden images are listed only when asked for, and then only they.
			boolean hidden = bool("os_hidden", single(parameters, "os_hidden", "false"));
			conditions.add(new Condition(Field.OS_HIDDEN, hidden ? Operator.EQ : Operator.NE, "true"));
			Long sizeMin = size(parameters, "size_min");
			Long sizeMax = size(parameters, "size_max");
			if (sizeMin != null || sizeMax != null) {
				conditions.addAll(Condition.sizeBetween(sizeMin, sizeMax));
			}
		}
		each.accept("__isregistered", (name, value) -> {
			if (!bool(name, value)) {
				conditions.add(Condition.never());
			}
		});
		each.accept("min_disk", (name, value) -> conditions.add(eq(Field.MIN_DISK, integer(name, value))));
		each.accept("min_ram", (name, value) -> conditions.add(eq(Field.MIN_RAM, integer(name, value))));
		each.accept("created_at", (name, value) -> conditions.add(time(Field.CREATED_AT, name, value)));
		each.accept("updated_at", (name, value) -> conditions.add(time(Field.UPDATED_AT, name, value)));
		Set<MemberStatus> memberStatuses = memberStatuses(single(parameters, "member_status", "accepted"));
		each.accept("flavor_id", (name, value) -> {
			Integer ram = flavorRam.apply(value);
			conditions.add((ram != null) ? new Condition(Field.MIN_RAM, Operator.LTE, ram) : Condition.never());
		});
		each.accept("__frequently_used", (name, value) -> conditions.add(new Condition(Field.ID,
				bool(name, value) ? Operator.IN : Operator.NOT_IN,
				shortlist.imageIds().stream().map(ImageId::value).toList())));
		for (String property : HUAWEI_PROPERTIES) {
			each.accept(property, (name, value) -> conditions.add(eq(Field.property(name), value)));
		}
		boolean allProjects = bool("all_projects", single(parameters, "all_projects", "false"));
		if (allProjects && !caller.isAdmin()) {
			throw new ImsException(Kind.FORBIDDEN, "IMS.0403", "Only admins may list every project's images "
					+ "(all_projects=true). Leave the parameter out to list the images you can see.");
		}
		String marker = single(parameters, "marker", null);
		List<Sort> sorts = (dialect == Dialect.GLANCE) ? ImageSorting.glance(parameters)
				: List.of(new Sort(ImageSorting.key(single(parameters, "sort_key", "created_at")),
						ImageSorting.ascending(single(parameters, "sort_dir", "desc"))));
		return new ImageQuery(caller.projectId(), allProjects, conditions, sorts,
				(marker != null) ? new ImageId(marker) : null, Paging.limit(single(parameters, "limit", null)),
				memberStatuses);
	}

	/**
	 * A filter that also takes Glance's operators {@code in:} (any of a comma-separated list, where a value in double
	 * quotes may hold commas) and {@code eq:}; {@code check} checks and normalizes each value.
	 */
	private static Condition listed(Field field, String name, String value, Function<String, String> check) {
		if (value.startsWith("in:")) {
			return new Condition(field, Operator.IN,
					FilterValues.split(name, value.substring("in:".length())).stream().map(check).toList());
		}
		return eq(field, check.apply(value.startsWith("eq:") ? value.substring("eq:".length()) : value));
	}

	/** The free-form property an unknown Glance parameter filters on. */
	private static Field propertyFilter(String name) {
		if (name.isEmpty() || name.length() > MAX_PROPERTY_NAME || name.contains(".") || name.startsWith("$")) {
			throw invalid("Query parameter '" + name + "' is neither a filter of the image list nor a property name "
					+ "one can filter on (at most " + MAX_PROPERTY_NAME + " characters, without '.' and not "
					+ "starting with '$'). Known filters: " + new TreeSet<>(GLANCE) + ".");
		}
		return Field.property(name);
	}

	private static @Nullable Long size(MultiValueMap<String, String> parameters, String name) {
		String value = single(parameters, name, null);
		if (value == null) {
			return null;
		}
		try {
			long bytes = Long.parseLong(value);
			if (bytes >= 0) {
				return bytes;
			}
		}
		catch (NumberFormatException notANumber) {
			// answered below
		}
		throw invalid(name + "=" + value + " is invalid; use a number of bytes (0 or more).");
	}

	/**
	 * Glance's {@code member_status}: which answers make an image shared with the caller's project part of the list
	 * (accepted unless asked otherwise); the caller's own and the public images are listed whatever it says.
	 */
	private static Set<MemberStatus> memberStatuses(String value) {
		if (value.equals("all")) {
			return EnumSet.allOf(MemberStatus.class);
		}
		return Set.of(MemberStatus.fromWireName(value).orElseThrow(() -> invalid("member_status=" + value
				+ " is invalid; use accepted (the default), pending, rejected or all.")));
	}

	private static List<Condition> imageType(String value, Caller caller) {
		return switch (value) {
			case "gold" -> List.of(eq(Field.VISIBILITY, Visibility.PUBLIC.wireName()));
			// The project's own images that are not public, shared with others or not.
			case "private" -> List.of(new Condition(Field.VISIBILITY, Operator.IN,
					List.of(Visibility.PRIVATE.wireName(), Visibility.SHARED.wireName())), eq(Field.OWNER,
					caller.projectId()));
			// The images other projects share with the caller's.
			case "shared" -> List.of(eq(Field.VISIBILITY, Visibility.SHARED.wireName()),
					new Condition(Field.OWNER, Operator.NE, caller.projectId()));
			case "market" -> List.of(Condition.never());
			default -> throw invalid("__imagetype=" + value + " is invalid; use gold, private, shared or market.");
		};
	}

	private static Condition time(Field field, String name, String value) {
		int colon = value.indexOf(':');
		Operator operator = (colon > 0) ? OPERATORS.get(value.substring(0, colon).toLowerCase(Locale.ROOT)) : null;
		if (operator == null) {
			throw invalid(name + "=" + value + " is invalid; use OPERATOR:TIME with an operator of gt, gte, lt, lte, "
					+ "eq or neq, e.g. " + name + "=gt:2026-01-01T00:00:00Z.");
		}
		return new Condition(field, operator, instant(name, value.substring(colon + 1)));
	}

	private static Instant instant(String name, String text) {
		try {
			return OffsetDateTime.parse(text).toInstant();
		}
		catch (DateTimeParseException notIso) {
			try {
				return LocalDateTime.parse(text, HUAWEI_TIME).toInstant(ZoneOffset.UTC);
			}
			catch (DateTimeParseException notHuawei) {
				throw invalid(name + " has an invalid time '" + text
						+ "'; use ISO 8601 (2026-01-01T00:00:00Z) or yyyy-MM-dd HH:mm:ss (UTC).");
			}
		}
	}

	private static String status(String value) {
		try {
			return ImageStatus.fromWireName(value).wireName();
		}
		catch (IllegalArgumentException unknown) {
			throw invalid("status=" + value + " is invalid; use queued, saving, active, killed, deleted or deactivated.");
		}
	}

	/** Glance's visibility filter: {@code all} is no condition, and there are no {@code community} images here. */
	private static List<Condition> visibility(String value) {
		if (value.equals("all")) {
			return List.of();
		}
		if (value.equals("community")) {
			return List.of(Condition.never());
		}
		try {
			return List.of(eq(Field.VISIBILITY, Visibility.fromWireName(value).wireName()));
		}
		catch (IllegalArgumentException unknown) {
			throw invalid("visibility=" + value + " is invalid; use public, private, shared, community or all.");
		}
	}

	private static boolean bool(String name, String value) {
		return switch (value.toLowerCase(Locale.ROOT)) {
			case "true" -> true;
			case "false" -> false;
			default -> throw invalid(name + "=" + value + " is invalid; use true or false.");
		};
	}

	private static int integer(String name, String value) {
		try {
			return Integer.parseInt(value);
		}
		catch (NumberFormatException notANumber) {
			throw invalid(name + "=" + value + " is invalid; use a whole number.");
		}
	}

	private static String oneOf(String name, String value, String... allowed) {
		if (!List.of(allowed).contains(value)) {
			throw invalid(name + "=" + value + " is invalid; use one of " + List.of(allowed) + ".");
		}
		return value;
	}

	private static Condition eq(Field field, Object value) {
		return new Condition(field, Operator.EQ, value);
	}

	static @Nullable String single(MultiValueMap<String, String> parameters, String name, @Nullable String otherwise) {
		List<String> values = parameters.get(name);
		if (values == null || values.isEmpty()) {
			return otherwise;
		}
		if (values.size() > 1) {
			throw invalid("Parameter " + name + " is given " + values.size() + " times; give it once.");
		}
		return values.get(0);
	}

	static ImsException invalid(String message) {
		return new ImsException(Kind.INVALID, "IMS.0400", message);
	}

}
