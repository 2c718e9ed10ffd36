package cloud.ims.gateway.image;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.image.ImageId;
import cloud.ims.core.image.ImageQuery;
import cloud.ims.core.image.ImageQuery.Condition;
import cloud.ims.core.image.ImageQuery.Field;
import cloud.ims.core.image.ImageQuery.Operator;
import cloud.ims.core.image.ImageQuery.SortKey;
import cloud.ims.core.image.MemberStatus;
import cloud.ims.core.shortlist.Shortlist;
import cloud.ims.gateway.security.Caller;
import org.junit.jupiter.api.Test;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageFiltersTests {

	private static final Caller MEMBER = new Caller("alice", "p1", Set.of("member"), "r");

	private static final Caller ADMIN = new Caller("root", "p0", Set.of("admin"), "r");

	private static final ImageId STARRED = new ImageId("11111111-1111-1111-1111-111111111111");

	@Test
	void turnsHuaweiFiltersIntoConditions() {
		ImageQuery query = parse(MEMBER, "__imagetype=gold&__os_type=Linux&protected=true&min_disk=40&tag=team%3Dqa");

		assertThat(query.conditions()).containsExactlyInAnyOrder(new Condition(Field.VISIBILITY, Operator.EQ, "public"),
				new Condition(Field.OS_TYPE, Operator.EQ, "Linux"), new Condition(Field.PROTECTED, Operator.EQ, true),
				new Condition(Field.MIN_DISK, Operator.EQ, 40), new Condition(Field.TAGS, Operator.CONTAINS, "team=qa"));
	}

	@Test
	void scopesPrivateImageTypeToTheCallersProject() {
		assertThat(parse(MEMBER, "__imagetype=private").conditions())
			.contains(new Condition(Field.OWNER, Operator.EQ, "p1"));
	}

	@Test
	void listsTheCallersOwnImagesAsPrivateAndThoseOthersShareWithItAsShared() {
		assertThat(parse(MEMBER, "__imagetype=private").conditions()).containsExactlyInAnyOrder(
				new Condition(Field.VISIBILITY, Operator.IN, List.of("private", "shared")),
				new Condition(Field.OWNER, Operator.EQ, "p1"));
		assertThat(parse(MEMBER, "__imagetype=shared").conditions()).containsExactlyInAnyOrder(
				new Condition(Field.VISIBILITY, Operator.EQ, "shared"), new Condition(Field.OWNER, Operator.NE, "p1"));
	}

	@Test
	void listsSharedImagesByTheAnswerAskedForAcceptedUnlessSaid() {
		assertThat(parse(MEMBER, "limit=10").memberStatuses()).containsExactly(MemberStatus.ACCEPTED);
		assertThat(parse(MEMBER, "member_status=pending").memberStatuses()).containsExactly(MemberStatus.PENDING);
		assertThat(parse(MEMBER, "member_status=all").memberStatuses()).containsExactlyInAnyOrder(MemberStatus.values());
		assertThat(parse(MEMBER, "member_status=rejected").conditions()).as("no condition of its own").isEmpty();
		assertInvalid("member_status=maybe", "member_status");
	}

	@Test
	void parsesTimeOperatorsInBothFormats() {
		ImageQuery query = parse(MEMBER, "created_at=gt:2026-01-01T00:00:00Z&updated_at=lte:2026-02-01 10:00:00");

		assertThat(query.conditions()).containsExactlyInAnyOrder(
				new Condition(Field.CREATED_AT, Operator.GT, Instant.parse("2026-01-01T00:00:00Z")),
				new Condition(Field.UPDATED_AT, Operator.LTE, Instant.parse("2026-02-01T10:00:00Z")));
	}

	@Test
	void trimsTheSortKeyAsTheSdkSendsIt() {
		ImageQuery query = parse(MEMBER, "sort_key=status%20&sort_dir=asc");

		assertThat(query.sortKey()).isEqualTo(SortKey.STATUS);
		assertThat(query.ascending()).isTrue();
	}

	@Test
	void filtersFrequentlyUsedImagesByTheCallersShortlist() {
		assertThat(parse(MEMBER, "__frequently_used=true").conditions())
			.containsExactly(new Condition(Field.ID, Operator.IN, List.of(STARRED.value())));
	}

	@Test
	void matchesNothingForPropertiesNoImageHas() {
		assertThat(parse(MEMBER, "__support_kvm=true").conditions())
			.containsExactly(new Condition(Field.property("__support_kvm"), Operator.EQ, "true"));
		assertThat(parse(MEMBER, "__imagetype=market").conditions()).containsExactly(Condition.never());
	}

	@Test
	void rejectsUnknownParametersNamingThem() {
		assertInvalid("colour=red", "colour");
	}

	@Test
	void rejectsMalformedValuesNamingTheParameter() {
		assertInvalid("min_disk=big", "min_disk");
		assertInvalid("protected=yes", "protected");
		assertInvalid("created_at=after:2026-01-01T00:00:00Z", "created_at");
		assertInvalid("created_at=gt:yesterday", "created_at");
		assertInvalid("sort_key=colour", "sort_key");
		assertInvalid("sort_dir=up", "sort_dir");
		assertInvalid("limit=0", "limit");
		assertInvalid("limit=1001", "limit");
		assertInvalid("status=sleeping", "status");
		assertInvalid("__os_bit=16", "__os_bit");
	}

	@Test
	void letsOnlyAdminsListEveryProject() {
		assertThat(parse(ADMIN, "all_projects=true").allProjects()).isTrue();
		assertThatThrownBy(() -> parse(MEMBER, "all_projects=true")).isInstanceOfSatisfying(ImsException.class,
				(error) -> assertThat(error.code()).isEqualTo("IMS.0403"));
	}

	private static void assertInvalid(String parameters, String named) {
		assertThatThrownBy(() -> parse(MEMBER, parameters)).isInstanceOfSatisfying(ImsException.class, (error) -> {
			assertThat(error.code()).isEqualTo("IMS.0400");
			assertThat(error.getMessage()).contains(named);
		});
	}

	private static ImageQuery parse(Caller caller, String queryString) {
		MultiValueMap<String, String> parameters = new LinkedMultiValueMap<>();
		for (String pair : queryString.split("&")) {
			String[] nameAndValue = pair.split("=", 2);
			parameters.add(nameAndValue[0], java.net.URLDecoder.decode(nameAndValue[1], java.nio.charset.StandardCharsets.UTF_8));
		}
		Shortlist shortlist = Shortlist.empty(caller.userId()).add(STARRED, Instant.now()).orElseThrow();
		return ImageFilters.parse(caller, parameters, ImageFilters.HUAWEI, shortlist, (flavor) -> 1024);
	}

}
