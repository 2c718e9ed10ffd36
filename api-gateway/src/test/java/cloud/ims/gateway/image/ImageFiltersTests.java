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
import cloud.ims.core.image.ImageQuery.Sort;
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

		assertThat(query.sorts()).containsExactly(new Sort(SortKey.STATUS, true));
	}

	@Test
	void sortsByGlancesNewSyntaxWithSeveralKeysDescendingUnlessSaid() {
		assertThat(glance("sort=name:asc,size,created_at:desc").sorts()).containsExactly(new Sort(SortKey.NAME, true),
				new Sort(SortKey.SIZE, false), new Sort(SortKey.CREATED_AT, false));
		assertThat(glance("limit=5").sorts()).containsExactly(new Sort(SortKey.CREATED_AT, false));
	}

	@Test
	void sortsByRepeatedSortKeysWithOneDirectionForAllOrOnePerKey() {
		assertThat(glance("sort_key=name&sort_key=status&sort_dir=asc").sorts())
			.containsExactly(new Sort(SortKey.NAME, true), new Sort(SortKey.STATUS, true));
		assertThat(glance("sort_key=name&sort_key=status&sort_dir=asc&sort_dir=desc").sorts())
			.containsExactly(new Sort(SortKey.NAME, true), new Sort(SortKey.STATUS, false));
	}

	@Test
	void refusesMixedOrBrokenSortSyntaxesNamingTheParameter() {
		assertInvalidGlance("sort=name:asc&sort_key=status", "sort cannot be combined");
		assertInvalidGlance("sort=name:asc&sort_dir=asc", "sort cannot be combined");
		assertInvalidGlance("sort=name:up", "sort=name:up");
		assertInvalidGlance("sort=name,,size", "empty key");
		assertInvalidGlance("sort=colour:asc", "colour");
		assertInvalidGlance("sort=name:asc,name:desc", "twice");
		assertInvalidGlance("sort_key=name&sort_key=size&sort_key=id&sort_dir=asc&sort_dir=desc", "sort_dir");
		assertThatThrownBy(() -> parse(MEMBER, "sort_key=name&sort_key=size")).as("the Huawei dialect sorts by one key")
			.isInstanceOf(ImsException.class);
	}

	@Test
	void filtersByGlancesInOperatorWithQuotedValues() {
		assertThat(glance("name=in:alpha,\"beta,gamma\",delta").conditions())
			.contains(new Condition(Field.NAME, Operator.IN, List.of("alpha", "beta,gamma", "delta")));
		assertThat(glance("id=in:a,b&disk_format=in:raw,qcow2&container_format=in:bare&status=in:active,queued")
			.conditions()).contains(new Condition(Field.ID, Operator.IN, List.of("a", "b")),
					new Condition(Field.DISK_FORMAT, Operator.IN, List.of("raw", "qcow2")),
					new Condition(Field.CONTAINER_FORMAT, Operator.IN, List.of("bare")),
					new Condition(Field.STATUS, Operator.IN, List.of("active", "queued")));
		assertThat(glance("name=eq:alpha").conditions()).contains(new Condition(Field.NAME, Operator.EQ, "alpha"));
		assertThat(parse(MEMBER, "name=in:a,b").conditions()).as("the Huawei dialect too")
			.containsExactly(new Condition(Field.NAME, Operator.IN, List.of("a", "b")));
	}

	@Test
	void refusesBadlyQuotedOrInvalidInListsNamingTheParameter() {
		assertInvalidGlance("name=in:\"alpha,beta", "not closed");
		assertInvalidGlance("name=in:al\"pha\"", "no comma before");
		assertInvalidGlance("name=in:\"alpha\"beta", "no comma after");
		assertInvalidGlance("status=in:active,sleeping", "status=sleeping");
	}

	@Test
	void filtersBySizeRangeInBytes() {
		assertThat(glance("size_min=1024&size_max=4096").conditions()).contains(
				new Condition(Field.SIZE, Operator.GTE, 1024L), new Condition(Field.SIZE, Operator.LTE, 4096L));
		assertThat(glance("size_max=4096").conditions()).as("an image without data is in no range").contains(
				new Condition(Field.SIZE, Operator.GTE, 0L), new Condition(Field.SIZE, Operator.LTE, 4096L));
		assertInvalidGlance("size_min=big", "size_min");
		assertInvalidGlance("size_max=-1", "size_max");
		assertThatThrownBy(() -> parse(MEMBER, "size_min=1")).as("not in the Huawei SDK's ListImages")
			.isInstanceOf(ImsException.class);
	}

	@Test
	void listsHiddenImagesOnlyWhenAskedAndThenOnlyThem() {
		assertThat(glance("limit=5").conditions())
			.containsExactly(new Condition(Field.OS_HIDDEN, Operator.NE, "true"));
		assertThat(glance("os_hidden=false").conditions())
			.containsExactly(new Condition(Field.OS_HIDDEN, Operator.NE, "true"));
		assertThat(glance("os_hidden=true").conditions())
			.containsExactly(new Condition(Field.OS_HIDDEN, Operator.EQ, "true"));
		assertInvalidGlance("os_hidden=maybe", "os_hidden");
		assertThat(parse(MEMBER, "limit=5").conditions()).as("the Huawei dialect has no os_hidden").isEmpty();
	}

	@Test
	void filtersOnFreeFormPropertiesForUnknownGlanceParameters() {
		assertThat(glance("os_distro=ubuntu&hw_disk_bus=scsi").conditions()).contains(
				new Condition(Field.property("os_distro"), Operator.EQ, "ubuntu"),
				new Condition(Field.property("hw_disk_bus"), Operator.EQ, "scsi"));
		assertInvalidGlance("a.b=c", "a.b");
		assertInvalidGlance("$where=c", "$where");
	}

	@Test
	void takesEveryParameterOfTheHuaweiSdksGlanceListImages() {
		ImageQuery query = glance("__imagetype=gold&__isregistered=true&__os_bit=64&__os_type=Linux&__platform=Ubuntu"
				+ "&__support_kvm=true&__support_xen_hana=true&__support_diskintensive=true&owner=p0&protected=false"
				+ "&min_disk=40&min_ram=1024&tag=web&member_status=accepted&created_at=gt:2026-01-01T00:00:00Z");

		assertThat(query.conditions()).contains(new Condition(Field.VISIBILITY, Operator.EQ, "public"),
				new Condition(Field.OS_BIT, Operator.EQ, "64"), new Condition(Field.OS_TYPE, Operator.EQ, "Linux"),
				new Condition(Field.PLATFORM, Operator.EQ, "Ubuntu"),
				new Condition(Field.property("__support_kvm"), Operator.EQ, "true"),
				new Condition(Field.property("__support_xen_hana"), Operator.EQ, "true"),
				new Condition(Field.OWNER, Operator.EQ, "p0"), new Condition(Field.MIN_RAM, Operator.EQ, 1024))
			.doesNotContain(Condition.never());
		assertThat(glance("__isregistered=false").conditions()).contains(Condition.never());
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

	private static void assertInvalidGlance(String parameters, String named) {
		assertThatThrownBy(() -> glance(parameters)).isInstanceOfSatisfying(ImsException.class, (error) -> {
			assertThat(error.code()).isEqualTo("IMS.0400");
			assertThat(error.getMessage()).contains(named);
		});
	}

	private static ImageQuery glance(String queryString) {
		return parse(MEMBER, queryString, ImageFilters.Dialect.GLANCE);
	}

	private static ImageQuery parse(Caller caller, String queryString) {
		return parse(caller, queryString, ImageFilters.Dialect.HUAWEI);
	}

	private static ImageQuery parse(Caller caller, String queryString, ImageFilters.Dialect dialect) {
		MultiValueMap<String, String> parameters = new LinkedMultiValueMap<>();
		for (String pair : queryString.split("&")) {
			String[] nameAndValue = pair.split("=", 2);
			parameters.add(nameAndValue[0], java.net.URLDecoder.decode(nameAndValue[1], java.nio.charset.StandardCharsets.UTF_8));
		}
		Shortlist shortlist = Shortlist.empty(caller.userId()).add(STARRED, Instant.now()).orElseThrow();
		return ImageFilters.parse(caller, parameters, dialect, shortlist, (flavor) -> 1024);
	}

}
