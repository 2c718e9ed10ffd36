package cloud.ims.gateway.image;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.image.ImageQuery;
import cloud.ims.core.image.ImageStatus;
import cloud.ims.core.image.Visibility;
import cloud.ims.core.mongo.MongoImages;
import cloud.ims.gateway.security.Caller;
import cloud.ims.gateway.web.Paging;
import org.springframework.util.MultiValueMap;

/**
 * Turns list parameters of either dialect into an {@link ImageQuery}; a parameter it does not know is an error
 * that names it.
 */
final class ImageListing {

	private static final Set<String> PAGING = Set.of("limit", "marker", "sort_key", "sort_dir");

	private ImageListing() {
	}

	static ImageQuery parse(Caller caller, MultiValueMap<String, String> parameters, Set<String> filters) {
		Map<String, Object> equalTo = new HashMap<>();
		for (String parameter : parameters.keySet()) {
			if (!PAGING.contains(parameter) && !filters.contains(parameter)) {
				throw new ImsException(Kind.INVALID, "IMS.0400", "Unknown query parameter '" + parameter
						+ "'. Supported: " + filters + " and " + PAGING + ".");
			}
		}
		put(parameters, "name", "name", equalTo);
		put(parameters, "owner", "owner", equalTo);
		put(parameters, "id", "_id", equalTo);
		put(parameters, "__os_type", "osType", equalTo);
		put(parameters, "__platform", "platform", equalTo);
		put(parameters, "disk_format", "diskFormat", equalTo);
		put(parameters, "tag", "tags", equalTo);
		String status = parameters.getFirst("status");
		if (status != null) {
			equalTo.put("status", parseEnum(status, "status", ImageStatus::fromWireName).wireName());
		}
		String visibility = parameters.getFirst("visibility");
		if (visibility != null) {
			equalTo.put("visibility", parseEnum(visibility, "visibility", Visibility::fromWireName).wireName());
		}
		String imageType = parameters.getFirst("__imagetype");
		if (imageType != null) {
			equalTo.put("visibility", imageType.equals("gold") ? Visibility.PUBLIC.wireName()
					: parseEnum(imageType, "__imagetype", Visibility::fromWireName).wireName());
		}
		String sortKey = sortKey(parameters.getFirst("sort_key"));
		boolean ascending = ascending(parameters.getFirst("sort_dir"));
		String marker = parameters.getFirst("marker");
		return new ImageQuery(caller.projectId(), false, equalTo, null, sortKey, ascending,
				(marker != null) ? new ImageId(marker) : null, Paging.limit(parameters.getFirst("limit")));
	}

	private static void put(MultiValueMap<String, String> parameters, String parameter, String field,
			Map<String, Object> equalTo) {
		String value = parameters.getFirst(parameter);
		if (value != null) {
			equalTo.put(field, value);
		}
	}

	private static String sortKey(String sortKey) {
		if (sortKey == null) {
			return "created_at";
		}
		String key = sortKey.trim();
		if (!MongoImages.isSortKey(key)) {
			throw new ImsException(Kind.INVALID, "IMS.0400", "sort_key=" + sortKey + " is not supported; use name, "
					+ "status, id, created_at, updated_at, size, disk_format or container_format.");
		}
		return key;
	}

	private static boolean ascending(String sortDir) {
		if (sortDir == null) {
			return false;
		}
		return switch (sortDir.trim().toLowerCase(Locale.ROOT)) {
			case "asc" -> true;
			case "desc" -> false;
			default -> throw new ImsException(Kind.INVALID, "IMS.0400", "sort_dir=" + sortDir + " is invalid; use asc or desc.");
		};
	}

	private static <T> T parseEnum(String value, String parameter, java.util.function.Function<String, T> parse) {
		try {
			return parse.apply(value);
		}
		catch (IllegalArgumentException unknown) {
			throw new ImsException(Kind.INVALID, "IMS.0400", parameter + "=" + value + " is not a valid value.");
		}
	}

}
