package cloud.ims.standalone.e2e;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tenant isolation: another project's ECSs, images and jobs are invisible (404, never 403, so that ids cannot be
 * probed), and a path naming another project is refused (403).
 */
class IsolationIT {

	private final Tenant projectA = Tenant.newProject();

	private final Tenant projectB = Tenant.newProject();

	private String serverOfA;

	private String imageOfA;

	private String jobOfA;

	@BeforeEach
	@SuppressWarnings("unchecked")
	void projectAOwnsAnEcsAnImageAndAJob() {
		this.serverOfA = this.projectA.activeServer("owned");
		Map<String, Object> accepted = this.projectA.json(this.projectA.post("/v2/cloudimages/action",
				"{\"name\":\"owned-image\",\"instance_id\":\"" + this.serverOfA + "\"}"), HttpStatus.ACCEPTED);
		this.jobOfA = (String) accepted.get("job_id");
		Map<String, Object> job = this.projectA.awaitJob(this.jobOfA);
		this.imageOfA = (String) ((Map<String, Object>) job.get("entities")).get("image_id");
	}

	@Test
	void hidesAnotherProjectsEcs() {
		assertError(this.projectB.get("/v1/" + this.projectB.projectId + "/cloudservers/" + this.serverOfA),
				HttpStatus.NOT_FOUND, "Ecs.0404");
		assertThat(this.projectB.json(this.projectB.get("/v1/" + this.projectB.projectId + "/cloudservers/detail"),
				HttpStatus.OK)).containsEntry("count", 0);
		assertError(this.projectB.post("/v2/cloudimages/action",
				"{\"name\":\"stolen\",\"instance_id\":\"" + this.serverOfA + "\"}"), HttpStatus.BAD_REQUEST, "IMG.0003");
	}

	@Test
	void hidesAnotherProjectsPrivateImage() {
		assertError(this.projectB.get("/v2/images/" + this.imageOfA), HttpStatus.NOT_FOUND, "IMG.0027");
		assertThat(this.projectB.json(this.projectB.get("/v2/cloudimages?id=" + this.imageOfA), HttpStatus.OK))
			.containsEntry("images", List.of());
		assertError(this.projectB.post("/v1/" + this.projectB.projectId + "/cloudservers", """
				{"server":{"imageRef":"%s","flavorRef":"s6.small.1","name":"x"}}""".formatted(this.imageOfA)),
				HttpStatus.BAD_REQUEST, "Ecs.0114");
	}

	@Test
	void hidesAnotherProjectsJob() {
		assertError(this.projectB.get("/v1/" + this.projectB.projectId + "/jobs/" + this.jobOfA), HttpStatus.NOT_FOUND,
				"IMS.0044");
	}

	@Test
	void refusesAPathThatNamesAnotherProject() {
		assertError(this.projectB.get("/v1/" + this.projectA.projectId + "/jobs/" + this.jobOfA), HttpStatus.FORBIDDEN,
				"IMS.0403");
		assertError(this.projectB.get("/v1/" + this.projectA.projectId + "/cloudservers/detail"), HttpStatus.FORBIDDEN,
				"IMS.0403");
	}

	static void assertError(org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec response,
			HttpStatus status, String code) {
		response.expectStatus().isEqualTo(status).expectBody()
			.jsonPath("$.error.code").isEqualTo(code)
			.jsonPath("$.error.message").isNotEmpty()
			.jsonPath("$.error.request_id").isNotEmpty();
	}

}
