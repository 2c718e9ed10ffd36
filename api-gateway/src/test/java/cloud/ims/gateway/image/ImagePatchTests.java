package cloud.ims.gateway.image;

import java.util.List;
import java.util.Map;

import cloud.ims.core.common.ImsException;
import cloud.ims.core.image.ImageEdit;
import cloud.ims.core.image.Visibility;
import cloud.ims.gateway.image.OsVersionSettings.OsVersion;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImagePatchTests {

	private static final ImageEdit START = new ImageEdit("web", "old", 10, 0, null, List.of("a"), false, null,
			Visibility.PRIVATE, Map.of("owner_team", "qa"));

	private static final OsVersionCatalogue OS_VERSIONS = new OsVersionCatalogue(
			new OsVersionSettings(List.of(new OsVersion("Ubuntu", "Linux", 64, "Ubuntu 24.04 server 64bit"))));

	@Test
	void convertsStringValuesToThePathsType() {
		ImageEdit edit = apply(op("replace", "/min_disk", "50"), op("replace", "/protected", "true"),
				op("replace", "/min_ram", "2048"));

		assertThat(edit.minDisk()).isEqualTo(50);
		assertThat(edit.isProtected()).isTrue();
		assertThat(edit.minRam()).isEqualTo(2048);
	}

	@Test
	void acceptsTypedValuesToo() {
		ImageEdit edit = apply(op("replace", "/min_disk", 60), op("replace", "/tags", List.of("x", "y")));

		assertThat(edit.minDisk()).isEqualTo(60);
		assertThat(edit.tags()).containsExactly("x", "y");
	}

	@Test
	void addReplacesAnExistingPropertyAndReplaceNeedsOne() {
		assertThat(apply(op("add", "/owner_team", "ops")).properties()).containsEntry("owner_team", "ops");
		assertThat(apply(op("add", "/cost_center", "42")).properties()).containsEntry("cost_center", "42");
		assertError(() -> apply(op("replace", "/cost_center", "42")), "IMG.0097");
	}

	@Test
	void removesOptionalAttributesAndProperties() {
		ImageEdit edit = apply(op("remove", "/__description", null), op("remove", "/owner_team", null));

		assertThat(edit.description()).isNull();
		assertThat(edit.properties()).doesNotContainKey("owner_team");
		assertError(() -> apply(op("remove", "/name", null)), "IMG.0096");
		assertError(() -> apply(op("remove", "/missing", null)), "IMG.0097");
	}

	@Test
	void refusesReadOnlyPaths() {
		for (String path : List.of("/id", "/status", "/size", "/checksum", "/owner", "/os_hash_value")) {
			assertError(() -> apply(op("replace", path, "x")), "IMG.0096");
		}
	}

	@Test
	void validatesValues() {
		assertError(() -> apply(op("replace", "/min_disk", "0")), "IMG.0001");
		assertError(() -> apply(op("replace", "/min_disk", "many")), "IMG.0001");
		assertError(() -> apply(op("replace", "/name", " padded")), "IMG.0001");
		assertError(() -> apply(op("replace", "/__description", "<script>")), "IMG.0002");
		assertError(() -> apply(op("replace", "/__os_version", "Plan 9")), "IMG.0005");
		assertError(() -> apply(op("move", "/name", "x")), "IMG.0001");
		assertError(() -> apply(op("replace", "name", "x")), "IMG.0001");
		assertError(this::applyNothing, "IMG.0001");
	}

	@Test
	void hidesAndShowsAnImageWhetherItWasEverHiddenOrNot() {
		assertThat(apply(op("replace", "/os_hidden", true)).properties()).containsEntry("os_hidden", "true");
		assertThat(apply(op("add", "/os_hidden", "false")).properties()).containsEntry("os_hidden", "false");
		assertError(() -> apply(op("replace", "/os_hidden", "yes")), "IMG.0001");
		assertError(() -> apply(op("remove", "/os_hidden", null)), "IMG.0096");
	}

	@Test
	void setsTheOsVersionFromTheCatalogue() {
		assertThat(apply(op("replace", "/__os_version", "Ubuntu 24.04 server 64bit")).osVersion())
			.isEqualTo("Ubuntu 24.04 server 64bit");
	}

	private static ImageEdit apply(PatchOperation... operations) {
		return new ImagePatch(START, OS_VERSIONS).apply(List.of(operations));
	}

	private ImageEdit applyNothing() {
		return new ImagePatch(START, OS_VERSIONS).apply(List.of());
	}

	private static PatchOperation op(String op, String path, Object value) {
		return new PatchOperation(op, path, value, Map.of());
	}

	private static void assertError(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String code) {
		assertThatThrownBy(call).isInstanceOfSatisfying(ImsException.class,
				(error) -> assertThat(error.code()).isEqualTo(code));
	}

}
