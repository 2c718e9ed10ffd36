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
import cloud.ims.core.image.ImageQuery.SortKey;
import cloud.ims.core.image.ImageStatus;
import cloud.ims.core.image.MemberStatus;
import cloud.ims.core.image.Visibility;
import cloud.ims.core.shortlist.Shortlist;
import cloud.ims.gateway.security.Caller;
import cloud.ims.gateway.web.Paging;
import org.jspecify.annotations.Nullable;
import org.springframework.util.MultiValueMap;

/**
 * Turns the list parameters of either dialect into an {@link ImageQuery}. Every parameter is checked: an unknown
 * one, a malformed value or a bad operator is an error that names it. Filters the Huawei SDK defines on properties
 * an image does not have simply match nothing.
 */
final class ImageFilters {

	/** Parameters of Huawei's ListImagesRequest (and API.md's extensions). */
	static final Set<String> HUAWEI = Set.of("__imagetype", "__isregistered", "__os_bit", "__os_type", "__platform",
			"__support_diskintensive", "__support_highperformance", "__support_kvm", "__support_kvm_gpu_type",
			"__support_kvm_infiniband", "__support_largememory", "__support_xen", "__support_xen_gpu_type",
			"__support_xen_hana", "container_format", "disk_format", "enterprise_project_id", "id", "limit", "marker",
			"member_status", "min_disk", "min_ram", "name", "owner", "protected", "sort_dir", "sort_key", "status", "tag",
			"virtual_env_type", "visibility", "flavor_id", "created_at", "updated_at", "architecture",
			"__frequently_used", "all_projects");

	/** Parameters of Glance's image list. */
	static final Set<String> GLANCE = Set.of("limit", "marker", "sort_key", "sort_dir", "name", "visibility", "status",
			"owner", "tag", "id", "protected", "container_format", "disk_format", "min_ram", "min_disk", "created_at",
			"updated_at", "member_status", "os_hidden", "checksum", "__frequently_used", "all_projects");

	private static final DateTimeFormatter HUAWEI_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

	private static final Map<String, Operator> OPERATORS = Map.of("gt", Operator.GT, "gte", Operator.GTE, "lt",
			Operator.LT, "lte", Operator.LTE, "eq", Operator.EQ, "neq", Operator.NE);

	private ImageFilters() {
	}

	/**
	 * The query; {@code shortlist} answers the caller's frequently used images, and {@code flavorRam} a flavor's RAM in
	 * MB (null for an unknown flavor).
	 */
	static ImageQuery parse(Caller caller, MultiValueMap<String, String> parameters, Set<String> accepted,
			Shortlist shortlist, Function<String, @Nullable Integer> flavorRam) {
		for (String name : parameters.keySet()) {
			if (!accepted.contains(name)) {
				throw invalid("Unknown query parameter '" + name + "'. Supported: " + new TreeSet<>(accepted)
						+ ".");
			}
		}
		List<Condition> conditions = new ArrayList<>();
		BiConsumer<String, BiConsumer<String, String>> each = (name, parse) -> {
			List<String> values = parameters.get(name);
			if (values != null) {
				values.forEach((value) -> parse.accept(name, value));
			}
		};
		each.accept("id", (name, value) -> conditions.add(eq(Field.ID, value)));
		each.accept("name", (name, value) -> conditions.add(eq(Field.NAME, value)));
		each.accept("owner", (name, value) -> conditions.add(eq(Field.OWNER, value)));
		each.accept("tag", (name, value) -> conditions.add(new Condition(Field.TAGS, Operator.CONTAINS, value)));
		each.accept("checksum", (name, value) -> conditions.add(eq(Field.CHECKSUM, value)));
		each.accept("container_format", (name, value) -> conditions.add(eq(Field.CONTAINER_FORMAT, value)));
		each.accept("disk_format", (name, value) -> conditions.add(eq(Field.DISK_FORMAT, value)));
		each.accept("__os_type", (name, value) -> conditions.add(eq(Field.OS_TYPE, oneOf(name, value, "Linux",
				"Windows", "Other"))));
		each.accept("__os_bit", (name, value) -> conditions.add(eq(Field.OS_BIT, oneOf(name, value, "32", "64"))));
		each.accept("__platform", (name, value) -> conditions.add(eq(Field.PLATFORM, value)));
		each.accept("status", (name, value) -> conditions.add(eq(Field.STATUS, status(value))));
		each.accept("visibility", (name, value) -> conditions.add(eq(Field.VISIBILITY, visibility(value).wireName())));
		each.accept("__imagetype", (name, value) -> conditions.addAll(imageType(value, caller)));
		each.accept("protected", (name, value) -> conditions.add(eq(Field.PROTECTED, bool(name, value))));
		each.accept("os_hidden", (name, value) -> {
			if (bool(name, value)) {
				conditions.add(Condition.never());
			}
		});
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
		for (String property : List.of("__support_diskintensive", "__support_highperformance", "__support_kvm",
				"__support_kvm_gpu_type", "__support_kvm_infiniband", "__support_largememory", "__support_xen",
				"__support_xen_gpu_type", "__support_xen_hana", "enterprise_project_id", "virtual_env_type",
				"architecture")) {
			each.accept(property, (name, value) -> conditions.add(eq(Field.property(name), value)));
		}
		boolean allProjects = bool("all_projects", single(parameters, "all_projects", "false"));
		if (allProjects && !caller.isAdmin()) {
			throw new ImsException(Kind.FORBIDDEN, "IMS.0403", "Only admins may list every project's images "
					+ "(all_projects=true). Leave the parameter out to list the images you can see.");
		}
		String marker = single(parameters, "marker", null);
		return new ImageQuery(caller.projectId(), allProjects, conditions,
				sortKey(single(parameters, "sort_key", "created_at")),
				ascending(single(parameters, "sort_dir", "desc")), (marker != null) ? new ImageId(marker) : null,
				Paging.limit(single(parameters, "limit", null)), memberStatuses);
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

	private static SortKey sortKey(String key) {
		try {
			return SortKey.valueOf(key.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException unknown) {
			throw invalid("sort_key=" + key + " is not supported; use name, status, id, created_at, updated_at, size, "
					+ "disk_format or container_format.");
		}
	}

	private static boolean ascending(String direction) {
		return switch (direction.trim().toLowerCase(Locale.ROOT)) {
			case "asc" -> true;
			case "desc" -> false;
			default -> throw invalid("sort_dir=" + direction + " is invalid; use asc or desc.");
		};
	}

	private static String status(String value) {
		try {
			return ImageStatus.fromWireName(value).wireName();
		}
		catch (IllegalArgumentException unknown) {
			throw invalid("status=" + value + " is invalid; use queued, saving, active, killed, deleted or deactivated.");
		}
	}

	private static Visibility visibility(String value) {
		try {
			return Visibility.fromWireName(value);
		}
		catch (IllegalArgumentException unknown) {
			throw invalid("visibility=" + value + " is invalid; use public, private or shared.");
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

	private static String single(MultiValueMap<String, String> parameters, String name, @Nullable String otherwise) {
		List<String> values = parameters.get(name);
		if (values == null || values.isEmpty()) {
			return otherwise;
		}
		if (values.size() > 1) {
			throw invalid("Parameter " + name + " is given " + values.size() + " times; give it once.");
		}
		return values.get(0);
	}

	private static ImsException invalid(String message) {
		return new ImsException(Kind.INVALID, "IMS.0400", message);
	}

}
