package cloud.ims.standalone.e2e;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import cloud.ims.core.image.Image;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may do what with which image: {admin, member of the owning project, member of another project} x {public
 * image, own private image, foreign private image} x {list, show, patch, delete, add to frequently used}, each cell
 * with its exact answer. Every cell gets fresh images, so that a delete in one cell cannot change another.
 */
class VisibilityMatrixIT {

	enum Who {
		ADMIN, OWNER, STRANGER
	}

	enum Which {
		PUBLIC, OWN_PRIVATE, FOREIGN_PRIVATE
	}

	enum What {
		LIST, SHOW, PATCH, DELETE, FREQUENTLY_USED
	}

	static Stream<Arguments> cells() {
		return Stream.of(
				cell(Who.ADMIN, Which.PUBLIC, What.LIST, 200), cell(Who.ADMIN, Which.PUBLIC, What.SHOW, 200),
				cell(Who.ADMIN, Which.PUBLIC, What.PATCH, 200), cell(Who.ADMIN, Which.PUBLIC, What.DELETE, 409),
				cell(Who.ADMIN, Which.PUBLIC, What.FREQUENTLY_USED, 204),
				cell(Who.ADMIN, Which.OWN_PRIVATE, What.LIST, 200), cell(Who.ADMIN, Which.OWN_PRIVATE, What.SHOW, 200),
				cell(Who.ADMIN, Which.OWN_PRIVATE, What.PATCH, 200), cell(Who.ADMIN, Which.OWN_PRIVATE, What.DELETE, 204),
				cell(Who.ADMIN, Which.OWN_PRIVATE, What.FREQUENTLY_USED, 204),
				cell(Who.ADMIN, Which.FOREIGN_PRIVATE, What.LIST, 404), cell(Who.ADMIN, Which.FOREIGN_PRIVATE, What.SHOW, 404),
				cell(Who.ADMIN, Which.FOREIGN_PRIVATE, What.PATCH, 404),
				cell(Who.ADMIN, Which.FOREIGN_PRIVATE, What.DELETE, 404),
				cell(Who.ADMIN, Which.FOREIGN_PRIVATE, What.FREQUENTLY_USED, 404),
				cell(Who.OWNER, Which.PUBLIC, What.LIST, 200), cell(Who.OWNER, Which.PUBLIC, What.SHOW, 200),
				cell(Who.OWNER, Which.PUBLIC, What.PATCH, 403), cell(Who.OWNER, Which.PUBLIC, What.DELETE, 403),
				cell(Who.OWNER, Which.PUBLIC, What.FREQUENTLY_USED, 204),
				cell(Who.OWNER, Which.OWN_PRIVATE, What.LIST, 200), cell(Who.OWNER, Which.OWN_PRIVATE, What.SHOW, 200),
				cell(Who.OWNER, Which.OWN_PRIVATE, What.PATCH, 200), cell(Who.OWNER, Which.OWN_PRIVATE, What.DELETE, 204),
				cell(Who.OWNER, Which.OWN_PRIVATE, What.FREQUENTLY_USED, 204),
				cell(Who.OWNER, Which.FOREIGN_PRIVATE, What.LIST, 404), cell(Who.OWNER, Which.FOREIGN_PRIVATE, What.SHOW, 404),
				cell(Who.OWNER, Which.FOREIGN_PRIVATE, What.PATCH, 404),
				cell(Who.OWNER, Which.FOREIGN_PRIVATE, What.DELETE, 404),
				cell(Who.OWNER, Which.FOREIGN_PRIVATE, What.FREQUENTLY_USED, 404),
				cell(Who.STRANGER, Which.PUBLIC, What.LIST, 200), cell(Who.STRANGER, Which.PUBLIC, What.SHOW, 200),
				cell(Who.STRANGER, Which.PUBLIC, What.PATCH, 403), cell(Who.STRANGER, Which.PUBLIC, What.DELETE, 403),
				cell(Who.STRANGER, Which.PUBLIC, What.FREQUENTLY_USED, 204),
				cell(Who.STRANGER, Which.OWN_PRIVATE, What.LIST, 200),
				cell(Who.STRANGER, Which.OWN_PRIVATE, What.SHOW, 200),
				cell(Who.STRANGER, Which.OWN_PRIVATE, What.PATCH, 200),
				cell(Who.STRANGER, Which.OWN_PRIVATE, What.DELETE, 204),
				cell(Who.STRANGER, Which.OWN_PRIVATE, What.FREQUENTLY_USED, 204),
				cell(Who.STRANGER, Which.FOREIGN_PRIVATE, What.LIST, 404),
				cell(Who.STRANGER, Which.FOREIGN_PRIVATE, What.SHOW, 404),
				cell(Who.STRANGER, Which.FOREIGN_PRIVATE, What.PATCH, 404),
				cell(Who.STRANGER, Which.FOREIGN_PRIVATE, What.DELETE, 404),
				cell(Who.STRANGER, Which.FOREIGN_PRIVATE, What.FREQUENTLY_USED, 404));
	}

	/** LIST answers 200 when the image is listed and 404 when it is not. */
	@ParameterizedTest(name = "{0} {2} {1}: {3}")
	@MethodSource("cells")
	void answersEachCellExactly(Who who, Which which, What what, int expected) {
		Tenant owner = Tenant.newProject();
		Tenant caller = switch (who) {
			case ADMIN -> Tenant.newProject(true);
			case OWNER -> owner;
			case STRANGER -> Tenant.newProject();
		};
		String ownProject = caller.projectId;
		String foreignProject = (who == Who.STRANGER || who == Who.ADMIN) ? owner.projectId : Tenant.newProject().projectId;
		Image image = switch (which) {
			case PUBLIC -> ImageFixture.anActivePublicImage("public-" + caller.projectId);
			case OWN_PRIVATE -> ImageFixture.anActivePrivateImage(ownProject, "own-" + caller.projectId);
			case FOREIGN_PRIVATE -> ImageFixture.anActivePrivateImage(foreignProject, "foreign-" + caller.projectId);
		};
		String id = image.id().value();

		int status = switch (what) {
			case LIST -> listed(caller, image) ? 200 : 404;
			case SHOW -> caller.get("/v2/images/" + id).returnResult(String.class).getStatus().value();
			case PATCH -> caller.http.patch().uri("/v2/images/" + id).header("X-Auth-Token", caller.token)
				.contentType(MediaType.parseMediaType("application/openstack-images-v2.1-json-patch"))
				.bodyValue("[{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"renamed\"}]").exchange()
				.returnResult(String.class).getStatus().value();
			case DELETE -> caller.http.delete().uri("/v2/images/" + id).header("X-Auth-Token", caller.token).exchange()
				.returnResult(String.class).getStatus().value();
			case FREQUENTLY_USED -> caller.http.put().uri("/v1/cloudimages/frequently-used/" + id)
				.header("X-Auth-Token", caller.token).exchange().returnResult(String.class).getStatus().value();
		};

		assertThat(status).isEqualTo(expected);
	}

	@SuppressWarnings("unchecked")
	private static boolean listed(Tenant caller, Image image) {
		Map<String, Object> list = caller.json(caller.get("/v2/cloudimages?id=" + image.id().value()), HttpStatus.OK);
		return !((List<Object>) list.get("images")).isEmpty();
	}

	private static Arguments cell(Who who, Which which, What what, int expected) {
		return Arguments.of(who, which, what, expected);
	}

}
