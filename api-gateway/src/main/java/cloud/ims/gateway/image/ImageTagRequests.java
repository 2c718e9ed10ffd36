package cloud.ims.gateway.image;

import java.util.List;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.common.ImsException.Kind;
import cloud.ims.core.image.ImageTag;
import cloud.ims.core.image.ImageTagQuery;
import cloud.ims.core.image.ImageTags;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The bodies of Huawei's key/value tag calls, as the SDK's models have them ({@code AddImageTagRequestBody},
 * {@code BatchAddOrDeleteTagsRequestBody}, {@code ListImageByTagsRequestBody}), mapped to the domain's tags and
 * tag query.
 */
final class ImageTagRequests {

	private ImageTagRequests() {
	}

	/** {@code {"tag":{"key","value"}}}. */
	record Add(@Nullable Tag tag) {

		ImageTag checked() {
			if (this.tag == null) {
				throw invalid("Give the tag to add: {\"tag\":{\"key\":\"...\",\"value\":\"...\"}}.");
			}
			return this.tag.checked();
		}

	}

	/** {@code {"action":"create|delete","tags":[{"key","value"}]}}. */
	record Batch(@Nullable String action, @Nullable List<Tag> tags) {

		boolean creates() {
			if ("create".equals(this.action)) {
				return true;
			}
			if ("delete".equals(this.action)) {
				return false;
			}
			throw invalid("action '" + this.action + "' is invalid; use create or delete (lower case).");
		}

		List<ImageTag> created() {
			return given().stream().map(Tag::checked).toList();
		}

		List<ImageTags.Removal> removed() {
			return given().stream().map((tag) -> ImageTags.Removal.of(tag.key(), tag.value())).toList();
		}

		private List<Tag> given() {
			if (this.tags == null || this.tags.isEmpty()) {
				throw invalid("Give the tags to " + this.action + " in \"tags\": [{\"key\":\"...\",\"value\":\"...\"}].");
			}
			return this.tags;
		}

	}

	/** One key/value tag ({@code ResourceTag}). */
	record Tag(@Nullable String key, @Nullable String value) {

		ImageTag checked() {
			return ImageTag.of(this.key, this.value);
		}

	}

	/** ListImageByTags: {@code action} filter (a page) or count, the tag conditions, {@code matches}, the page. */
	record Query(@Nullable String action, @Nullable List<Condition> tags,
			@JsonProperty("tags_any") @Nullable List<Condition> tagsAny,
			@JsonProperty("not_tags") @Nullable List<Condition> notTags,
			@JsonProperty("not_tags_any") @Nullable List<Condition> notTagsAny, @Nullable String limit,
			@Nullable String offset, @Nullable List<Match> matches,
			@JsonProperty("without_any_tag") @Nullable Boolean withoutAnyTag) {

		/** Huawei's default page for {@code filter}. */
		static final int DEFAULT_LIMIT = 10;

		static final int MAX_LIMIT = 1000;

		boolean counts() {
			if ("count".equals(this.action)) {
				return true;
			}
			if ("filter".equals(this.action)) {
				return false;
			}
			throw invalid("action '" + this.action + "' is invalid; use filter (a page of images) or count (lower case).");
		}

		ImageTagQuery query() {
			String nameContains = null;
			String id = null;
			List<Match> given = (this.matches != null) ? this.matches : List.of();
			ImageTags.requireUniqueKeys(given.stream().map((match) -> String.valueOf(match.key())).toList());
			for (Match match : given) {
				if (match.value() == null || match.value().length() > ImageTags.MAX_QUERY_VALUE) {
					throw invalid("matches: the value of '" + match.key() + "' must be a string of at most "
							+ ImageTags.MAX_QUERY_VALUE + " characters.");
				}
				if ("resource_name".equals(match.key())) {
					nameContains = match.value();
				}
				else if ("resource_id".equals(match.key())) {
					id = match.value();
				}
				else {
					throw invalid("matches: key '" + match.key() + "' is invalid; use resource_name or resource_id.");
				}
			}
			return new ImageTagQuery(conditions(this.tags), conditions(this.tagsAny), conditions(this.notTags),
					conditions(this.notTagsAny), Boolean.TRUE.equals(this.withoutAnyTag), nameContains, id);
		}

		int pageLimit() {
			return number("limit", this.limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
		}

		int pageOffset() {
			return number("offset", this.offset, 0, 0, Integer.MAX_VALUE);
		}

		private static List<ImageTagQuery.Condition> conditions(@Nullable List<Condition> given) {
			return (given != null) ? given.stream()
				.map((condition) -> ImageTagQuery.Condition.of(condition.key(), condition.values()))
				.toList() : List.of();
		}

		private static int number(String field, @Nullable String value, int otherwise, int min, int max) {
			if (value == null || value.isBlank()) {
				return otherwise;
			}
			try {
				int number = Integer.parseInt(value.trim());
				if (number >= min && number <= max) {
					return number;
				}
			}
			catch (NumberFormatException notANumber) {
				// answered below
			}
			throw invalid(field + " '" + value + "' is invalid; use a whole number from " + min
					+ ((max == Integer.MAX_VALUE) ? " up" : " to " + max) + ".");
		}

	}

	/** A tag condition ({@code Tags}): a key and the values it may have, none for any. */
	record Condition(@Nullable String key, @Nullable List<String> values) {
	}

	/** A match on the image itself ({@code TagKeyValue}): {@code resource_name} or {@code resource_id}. */
	record Match(@Nullable String key, @Nullable String value) {
	}

	private static ImsException invalid(String message) {
		return new ImsException(Kind.INVALID, "IMG.0014", message);
	}

}
