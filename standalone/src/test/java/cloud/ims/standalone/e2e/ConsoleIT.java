package cloud.ims.standalone.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The management console in a real headless Chromium against the whole stack: sign in, create ECSs and watch their
 * job live, the frequently used shortlist, capturing an ECS into an image and deleting it, uploading an image, and
 * what admins and members may see. One browser serves every test; each test signs in to its own project.
 */
class ConsoleIT {

	private final ConsoleBrowser browser = ConsoleBrowser.get();

	@Test
	void signsInWithATokenAndOutAgain() {
		Tenant tenant = Tenant.newProject();
		this.browser.driver.manage().deleteAllCookies();
		this.browser.open("/console/jobs");
		this.browser.waitFor(ExpectedConditions.urlContains("/console/sign-in"));
		this.browser.screenshot("sign-in");

		this.browser.signIn(tenant.token);

		assertThat(this.browser.driver.findElement(By.cssSelector("header.top")).getText()).contains(tenant.projectId);
		assertThat(this.browser.driver.manage().getCookieNamed("ims_console").isHttpOnly()).isTrue();
		assertThat(this.browser.driver.manage().getCookieNamed("ims_console").isSecure()).isTrue();
		this.browser.driver.findElement(By.cssSelector("form.who button")).click();
		this.browser.waitFor(ExpectedConditions.urlContains("/console/sign-in"));
		this.browser.open("/console/images");
		this.browser.waitFor(ExpectedConditions.urlContains("/console/sign-in"));
		assertThat(this.browser.driver.manage().getCookieNamed("ims_console")).isNull();
	}

	@Test
	void signsInWithAPasswordAndSigningOutRevokesTheSessionsToken() {
		Tenant admin = Tenant.newProject(true);
		String project = "console-" + UUID.randomUUID().toString().substring(0, 8);
		String user = "user-" + project;
		createAccount(admin, project, user, "password-" + project);
		this.browser.driver.manage().deleteAllCookies();
		this.browser.open("/console/sign-in");

		this.browser.enterPassword(user, "password-" + project, project);

		this.browser.waitFor(ExpectedConditions.urlContains("/console/images"));
		assertThat(this.browser.driver.findElement(By.cssSelector("header.top")).getText()).contains(project);
		String token = this.browser.driver.manage().getCookieNamed("ims_console").getValue();
		WebTestClient http = TestStack.get().client();
		http.get().uri("/v2/cloudimages").header("X-Auth-Token", token).exchange().expectStatus().isOk();
		this.browser.driver.findElement(By.cssSelector("form.who button")).click();
		this.browser.waitFor(ExpectedConditions.urlContains("/console/sign-in"));
		await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> http.get()
			.uri("/v2/cloudimages").header("X-Auth-Token", token).exchange().expectStatus().isUnauthorized());
	}

	@Test
	void refusesAWrongPasswordWithoutSayingWhichPartIsWrong() {
		Tenant admin = Tenant.newProject(true);
		String project = "console-" + UUID.randomUUID().toString().substring(0, 8);
		createAccount(admin, project, "user-" + project, "password-" + project);
		this.browser.driver.manage().deleteAllCookies();
		this.browser.open("/console/sign-in");

		this.browser.enterPassword("user-" + project, "not-the-password", project);

		WebElement alert = this.browser.waitFor(By.cssSelector("#alerts .alert.error"));
		assertThat(alert.getText()).contains("IAM.0201").contains("user name (or id) or the password is wrong");
		assertThat(this.browser.driver.manage().getCookieNamed("ims_console")).isNull();
	}

	@Test
	void keepsTheApiOnItsHeadersAndTheConsoleBehindCsrf() {
		Tenant tenant = Tenant.newProject();
		WebTestClient http = TestStack.get().client();

		http.get().uri("/v2/cloudimages").cookie("ims_console", tenant.token).exchange().expectStatus().isUnauthorized();
		http.post().uri("/console/images/new/from-url").cookie("ims_console", tenant.token)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("name=x&image_url=https://localhost/x")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody(String.class)
			.value((body) -> assertThat(body).contains("IMS.0403").contains("This form has expired"));
		http.get().uri("/console/images").cookie("ims_console", tenant.token).exchange().expectStatus().isOk();
		http.get().uri("/console/images").header("X-Auth-Token", tenant.token).exchange().expectStatus().isSeeOther();
	}

	@Test
	void sendsAnExpiredOrForgedSessionBackToSignIn() {
		this.browser.open("/console/sign-in");
		this.browser.driver.manage().deleteAllCookies();
		this.browser.driver.manage().addCookie(new Cookie.Builder("ims_console", "eyJhbGciOiJSUzI1NiJ9.e30.forged")
			.path("/console").isSecure(true).isHttpOnly(true).build());

		this.browser.open("/console/servers");

		this.browser.waitFor(ExpectedConditions.urlContains("/console/sign-in?expired=true"));
		assertThat(this.browser.waitFor(By.cssSelector("#alerts .alert.error")).getText()).contains("IMS.0401")
			.contains("Your session has ended");
		assertThat(this.browser.driver.manage().getCookieNamed("ims_console")).isNull();
	}

	@Test
	@SuppressWarnings("unchecked")
	void sendsAnHtmxActionWithATokenOfAnotherIssuerBackToSignInAndDoesNothing() {
		Tenant tenant = Tenant.newProject();
		this.browser.signIn(tenant.token);
		this.browser.awaitHtmx();
		this.browser.driver.manage().deleteCookieNamed("ims_console");
		this.browser.driver.manage().addCookie(new Cookie.Builder("ims_console",
				ForgedTokens.wrongIssuer(tenant.projectId, "alice-" + tenant.projectId))
			.path("/console").isSecure(true).isHttpOnly(true).build());

		baseImageRow().findElement(By.cssSelector("button.star")).click();

		this.browser.waitFor(ExpectedConditions.urlContains("/console/sign-in?expired=true"));
		assertThat(this.browser.waitFor(By.cssSelector("#alerts .alert.error")).getText()).contains("IMS.0401")
			.contains("Your session has ended");
		assertThat(this.browser.driver.manage().getCookieNamed("ims_console")).isNull();
		assertThat((List<Object>) tenant.json(tenant.get("/v1/cloudimages/frequently-used"), HttpStatus.OK)
			.get("images")).isEmpty();
	}

	@Test
	void refusesATokenOfNoValue() {
		this.browser.driver.manage().deleteAllCookies();
		this.browser.open("/console/sign-in");
		this.browser.enterToken("not-a-token");

		WebElement alert = this.browser.waitFor(By.cssSelector("#alerts .alert.error"));
		assertThat(alert.getText()).contains("IMS.0401").contains("./ims token");
	}

	@Test
	void createsThreeEcssFromAPublicImageAndWatchesTheJobFinishLive() {
		Tenant tenant = Tenant.newProject();
		this.browser.signIn(tenant.token);
		this.browser.screenshot("images");
		baseImageRow().findElement(By.cssSelector("a.create-servers")).click();
		this.browser.waitFor(By.id("create-servers-form"));
		this.browser.awaitHtmx();
		this.browser.driver.findElement(By.id("name")).sendKeys("web");
		WebElement count = this.browser.driver.findElement(By.id("count"));
		count.clear();
		count.sendKeys("3");
		new Select(this.browser.driver.findElement(By.id("mode"))).selectByValue("all_or_nothing");
		WebElement minCount = this.browser.driver.findElement(By.id("min-count"));
		minCount.sendKeys("5");
		this.browser.driver.findElement(By.id("create-servers")).click();
		assertThat(this.browser.waitFor(By.cssSelector("#alerts .alert.error")).getText()).contains("Ecs.0005")
			.contains("min_count=5 is out of range");

		minCount.clear();
		this.browser.screenshot("create-ecss");
		this.browser.driver.findElement(By.id("create-servers")).click();
		this.browser.waitFor(ExpectedConditions.urlContains("/console/jobs/"));
		this.browser.driver.executeScript("window.stillTheSamePage = true;");

		this.browser.waitFor(ExpectedConditions.textToBe(By.cssSelector("#job-detail .job-status"), "SUCCESS"));
		assertThat(this.browser.driver.executeScript("return window.stillTheSamePage === true;"))
			.as("the job page updated itself, without reloading").isEqualTo(true);
		List<WebElement> subJobs = this.browser.driver.findElements(By.cssSelector("#sub-jobs tbody .job-status"));
		assertThat(subJobs).hasSize(3).allSatisfy((status) -> assertThat(status.getText()).isEqualTo("SUCCESS"));
		this.browser.screenshot("job");

		this.browser.open("/console/servers");
		List<WebElement> statuses = this.browser.waitFor(ExpectedConditions.numberOfElementsToBe(
				By.cssSelector("tr[id^=server-] .server-status"), 3));
		assertThat(statuses).allSatisfy((status) -> assertThat(status.getText()).isEqualTo("ACTIVE"));
		assertThat(this.browser.driver.findElements(By.cssSelector(".server-name"))).extracting(WebElement::getText)
			.containsExactlyInAnyOrder("web-0001", "web-0002", "web-0003");
		this.browser.screenshot("ecss");

		this.browser.open("/console/jobs");
		this.browser.waitFor(By.cssSelector("#job-rows tr[id^=job-]"));
		assertThat(this.browser.driver.findElement(By.id("job-rows")).getText()).contains("Create ECSs")
			.contains("SUCCESS");
		this.browser.screenshot("jobs");
	}

	@Test
	void starsAnImageAndFindsItUnderFrequentlyUsed() {
		Tenant tenant = Tenant.newProject();
		this.browser.signIn(tenant.token);
		this.browser.awaitHtmx();
		baseImageRow().findElement(By.cssSelector("button.star")).click();
		this.browser.waitFor(ExpectedConditions.attributeToBe(By.cssSelector("tr[data-name=ims-base-linux] button.star"),
				"aria-pressed", "true"));

		this.browser.driver.findElement(By.id("tab-frequent")).click();
		this.browser.waitFor(ExpectedConditions.attributeToBe(By.id("tab-frequent"), "aria-current", "page"));
		assertThat(this.browser.driver.findElements(By.cssSelector(".image-name"))).extracting(WebElement::getText)
			.containsExactly("ims-base-linux");
		this.browser.screenshot("frequently-used");
		this.browser.onANarrowScreen(() -> this.browser.screenshot("frequently-used-narrow"));

		this.browser.awaitHtmx();
		// The keyboard alone works as well as the mouse.
		baseImageRow().findElement(By.cssSelector("button.star")).sendKeys(Keys.ENTER);
		this.browser.waitFor(ExpectedConditions.attributeToBe(By.cssSelector("tr[data-name=ims-base-linux] button.star"),
				"aria-pressed", "false"));
		this.browser.open("/console/images?tab=frequent");
		assertThat(this.browser.waitFor(By.cssSelector("#image-list .empty")).getText()).contains("No images match");
	}

	@Test
	void capturesAnEcsIntoAnImageAndDeletesIt() {
		Tenant tenant = Tenant.newProject();
		tenant.activeServer("golden");
		this.browser.signIn(tenant.token);
		this.browser.open("/console/servers");
		this.browser.waitFor(By.cssSelector("tr[data-name=golden] a.capture")).click();
		this.browser.waitFor(By.id("from-server-form"));
		this.browser.awaitHtmx();
		assertThat(new Select(this.browser.driver.findElement(By.id("instance"))).getFirstSelectedOption().getText())
			.startsWith("golden");
		this.browser.driver.findElement(By.id("capture-name")).sendKeys("golden image");
		this.browser.screenshot("create-image");
		this.browser.driver.findElement(By.id("capture")).click();
		this.browser.waitFor(ExpectedConditions.urlContains("/console/jobs/"));
		this.browser.waitFor(ExpectedConditions.textToBe(By.cssSelector("#job-detail .job-status"), "SUCCESS"));

		this.browser.open("/console/images?tab=private");
		WebElement captured = this.browser.waitFor(By.cssSelector("tr[data-name='golden image']"));
		assertThat(captured.findElement(By.cssSelector(".image-status")).getText()).isEqualTo("active");
		captured.findElement(By.cssSelector("a.edit")).click();
		this.browser.waitFor(By.id("edit-form"));
		this.browser.awaitHtmx();
		replaceText(By.id("name"), "golden image v2");
		replaceText(By.id("tags"), "team=qa\nweb");
		replaceText(By.id("min-disk"), "20");
		this.browser.screenshot("edit-image");
		this.browser.driver.findElement(By.cssSelector("#edit-form button[type=submit]")).click();

		WebElement row = this.browser.waitFor(By.cssSelector("tr[data-name='golden image v2']"));
		assertThat(row.findElements(By.cssSelector("ul.tags li"))).extracting(WebElement::getText)
			.containsExactly("team = qa", "web");
		assertThat(row.getText()).contains("20 GB");
		this.browser.awaitHtmx();
		row.findElement(By.cssSelector("button.delete")).click();
		Alert confirmation = this.browser.waitFor(ExpectedConditions.alertIsPresent());
		assertThat(confirmation.getText()).contains("Delete image golden image v2?");
		confirmation.accept();

		this.browser.awaitGone(By.cssSelector("tr[data-name='golden image v2']"));
		assertThat(this.browser.waitFor(By.cssSelector("#alerts .alert.notice")).getText())
			.isEqualTo("Image golden image v2 was deleted.");
	}

	@Test
	void publishesAndWithdrawsAnImageAsAdmin() {
		Tenant admin = Tenant.newProject(true);
		ImageFixture.anActivePrivateImage(admin.projectId, "gold candidate");
		this.browser.signIn(admin.token);
		this.browser.open("/console/images?tab=private");
		this.browser.awaitHtmx();
		this.browser.waitFor(By.cssSelector("tr[data-name='gold candidate'] button.publish")).click();
		this.browser.waitFor(ExpectedConditions.alertIsPresent()).accept();
		this.browser.awaitGone(By.cssSelector("tr[data-name='gold candidate']"));

		this.browser.open("/console/images?tab=public");
		this.browser.awaitHtmx();
		this.browser.waitFor(By.cssSelector("tr[data-name='gold candidate'] button.withdraw")).click();
		this.browser.waitFor(ExpectedConditions.alertIsPresent()).accept();
		this.browser.awaitGone(By.cssSelector("tr[data-name='gold candidate']"));
		this.browser.open("/console/images?tab=private");
		assertThat(this.browser.waitFor(By.cssSelector("tr[data-name='gold candidate']")).isDisplayed()).isTrue();
	}

	@Test
	@SuppressWarnings("unchecked")
	void stopsStartsAndDeletesTheSelectedEcssWhileTheJobListUpdatesItself() {
		Tenant tenant = Tenant.newProject();
		Map<String, Object> accepted = tenant.createServers(tenant.baseImageId(), "pair", 2);
		tenant.awaitJob((String) accepted.get("job_id"));
		List<String> ids = (List<String>) accepted.get("serverIds");
		this.browser.signIn(tenant.token);

		this.browser.open("/console/servers");
		this.browser.awaitHtmx();
		ids.forEach((id) -> this.browser.driver.findElement(By.id("select-" + id)).click());
		this.browser.driver.findElement(By.id("stop-selected")).click();
		this.browser.waitFor(ExpectedConditions.textToBe(By.cssSelector("#job-detail .job-status"), "SUCCESS"));
		this.browser.open("/console/servers");
		assertThat(this.browser.waitFor(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".server-status"), 2)))
			.allSatisfy((status) -> assertThat(status.getText()).isEqualTo("SHUTOFF"));

		this.browser.open("/console/jobs");
		this.browser.waitFor(By.cssSelector("#job-rows tr[id^=job-]"));
		this.browser.driver.executeScript("window.stillTheSamePage = true;");
		Map<String, Object> start = tenant.json(tenant.post("/v1/" + tenant.projectId + "/cloudservers/action",
				"{\"os-start\":{\"servers\":[{\"id\":\"" + ids.get(0) + "\"}]}}"), HttpStatus.ACCEPTED);
		this.browser.waitFor(ExpectedConditions.textToBePresentInElementLocated(
				By.cssSelector("#job-" + start.get("job_id") + " .job-status"), "SUCCESS"));
		assertThat(this.browser.driver.executeScript("return window.stillTheSamePage === true;"))
			.as("the job list updated itself, without reloading").isEqualTo(true);

		this.browser.open("/console/servers");
		this.browser.awaitHtmx();
		this.browser.waitFor(By.id("select-" + ids.get(1))).click();
		tenant.json(tenant.post("/v1/" + tenant.projectId + "/cloudservers/action",
				"{\"os-start\":{\"servers\":[{\"id\":\"" + ids.get(1) + "\"}]}}"), HttpStatus.ACCEPTED);
		this.browser.waitFor(ExpectedConditions.textToBe(By.id("status-" + ids.get(1)), "ACTIVE"));
		assertThat(this.browser.driver.findElement(By.id("select-" + ids.get(1))).isSelected())
			.as("the badges follow the ECSs without losing the selection").isTrue();
		this.browser.driver.findElement(By.id("delete-selected")).click();
		this.browser.waitFor(ExpectedConditions.alertIsPresent()).accept();
		this.browser.waitFor(ExpectedConditions.textToBe(By.cssSelector("#job-detail .job-status"), "SUCCESS"));
		this.browser.open("/console/servers");
		assertThat(this.browser.waitFor(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".server-name"), 1)))
			.extracting(WebElement::getText)
			.containsExactly("pair-0001");
	}

	@Test
	void showsTheErrorOfEachSubJobThatFailed() {
		Tenant tenant = Tenant.newProject();
		this.browser.signIn(tenant.token);
		try (VmwareConditions faults = VmwareConditions.failingNames("doomed-0002")) {
			baseImageRow().findElement(By.cssSelector("a.create-servers")).click();
			this.browser.waitFor(By.id("create-servers-form"));
			this.browser.awaitHtmx();
			this.browser.driver.findElement(By.id("name")).sendKeys("doomed");
			replaceText(By.id("count"), "2");
			this.browser.driver.findElement(By.id("create-servers")).click();
			this.browser.waitFor(ExpectedConditions.textToBe(By.cssSelector("#job-detail .job-status"), "SUCCESS"));
		}

		List<WebElement> rows = this.browser.driver.findElements(By.cssSelector("#sub-jobs tbody tr"));
		assertThat(rows).hasSize(2);
		assertThat(rows.get(0).getText()).contains("SUCCESS");
		assertThat(rows.get(1).getText()).contains("FAIL").contains("Ecs.0503");
		this.browser.open("/console/servers");
		assertThat(this.browser.waitFor(By.cssSelector("tr[data-name=doomed-0002]")).getText()).contains("ERROR")
			.contains("Ecs.0503");
	}

	@Test
	void pagesThroughOlderJobs() {
		Tenant tenant = Tenant.newProject();
		String serverId = tenant.activeServer("busy");
		for (int stop = 0; stop < 100; stop++) {
			tenant.json(tenant.post("/v1/" + tenant.projectId + "/cloudservers/action",
					"{\"os-stop\":{\"servers\":[{\"id\":\"" + serverId + "\"}]}}"), HttpStatus.ACCEPTED);
		}
		this.browser.signIn(tenant.token);

		this.browser.open("/console/jobs");
		// The list is live: rows are replaced while they are read, so the whole check is one waited condition.
		this.browser.waitFor((driver) -> {
			List<WebElement> rows = driver.findElements(By.cssSelector("#job-rows tr[id^=job-]"));
			return rows.size() == 100 && rows.stream().allMatch((row) -> row.getText().contains("Stop ECSs"));
		});
		this.browser.driver.findElement(By.id("older-jobs")).click();

		this.browser.waitFor(ExpectedConditions.urlContains("marker="));
		assertThat(this.browser.driver.findElements(By.cssSelector("#job-rows tr[id^=job-]")))
			.singleElement()
			.satisfies((row) -> assertThat(row.getText()).contains("Create ECSs"));
		assertThat(this.browser.driver.findElements(By.id("older-jobs"))).isEmpty();
	}

	@Test
	void refusesAnOperationOnNoEcsInWords() {
		Tenant tenant = Tenant.newProject();
		tenant.activeServer("lonely");
		this.browser.signIn(tenant.token);
		this.browser.open("/console/servers");
		this.browser.awaitHtmx();
		this.browser.waitFor(By.id("start-selected")).click();

		assertThat(this.browser.waitFor(By.cssSelector("#alerts .alert.error")).getText()).contains("Ecs.0005")
			.contains("Select at least one ECS");
	}

	@Test
	void importsAnImageFromAFileUrlAndShowsWhyABadFileFails(@TempDir Path directory) {
		Tenant tenant = Tenant.newProject();
		DiskImages images = new DiskImages(directory);
		try (FileServer files = FileServer.start().file("/disk.qcow2", images.qcow2()).file("/readme.txt", images.text())) {
			this.browser.signIn(tenant.token);
			importFromUrl(files.url("/disk.qcow2"), "imported disk");
			this.browser.waitFor(ExpectedConditions.textToBe(By.cssSelector("#job-detail .job-status"), "SUCCESS"));

			importFromUrl(files.url("/readme.txt"), "not a disk");
			this.browser.waitFor(ExpectedConditions.textToBe(By.cssSelector("#job-detail .job-status"), "FAIL"));
			assertThat(this.browser.driver.findElement(By.cssSelector("#job-detail .job-error")).getText())
				.contains("IMG.0412");
		}
		this.browser.open("/console/images?tab=private");
		assertThat(this.browser.waitFor(By.cssSelector("tr[data-name='imported disk'] .image-status")).getText())
			.isEqualTo("active");
	}

	private void importFromUrl(String url, String name) {
		this.browser.open("/console/images/new");
		this.browser.waitFor(By.id("from-url-form"));
		this.browser.awaitHtmx();
		this.browser.driver.findElement(By.id("url")).sendKeys(url);
		this.browser.driver.findElement(By.id("url-name")).sendKeys(name);
		this.browser.driver.findElement(By.cssSelector("#from-url-form button[type=submit]")).click();
		this.browser.waitFor(ExpectedConditions.urlContains("/console/jobs/"));
	}

	@Test
	void showsWhyAPublicImageCannotBeDeleted() {
		Tenant admin = Tenant.newProject(true);
		this.browser.signIn(admin.token);
		this.browser.awaitHtmx();
		baseImageRow().findElement(By.cssSelector("button.delete")).click();
		this.browser.waitFor(ExpectedConditions.alertIsPresent()).accept();

		assertThat(this.browser.waitFor(By.cssSelector("#alerts .alert.error")).getText()).contains("IMG.0028")
			.contains("protected");
		assertThat(baseImageRow().isDisplayed()).isTrue();
	}

	@Test
	void uploadsAnImageFileWithAProgressBar(@TempDir Path directory) {
		Tenant tenant = Tenant.newProject();
		Path file = new DiskImages(directory).qcow2();
		this.browser.signIn(tenant.token);
		this.browser.open("/console/images/new");
		this.browser.waitFor(By.id("upload-form"));
		this.browser.driver.findElement(By.id("file")).sendKeys(file.toAbsolutePath().toString());
		this.browser.driver.findElement(By.id("upload-name")).sendKeys("uploaded disk");
		new Select(this.browser.driver.findElement(By.id("upload-format"))).selectByValue("qcow2");
		this.browser.driver.findElement(By.id("upload")).click();

		this.browser.waitFor(ExpectedConditions.urlContains("/console/jobs/"));
		this.browser.waitFor(ExpectedConditions.textToBe(By.cssSelector("#job-detail .job-status"), "SUCCESS"));
		this.browser.open("/console/images?tab=private");
		assertThat(this.browser.waitFor(By.cssSelector("tr[data-name='uploaded disk'] .image-status")).getText())
			.isEqualTo("active");
	}

	@Test
	void showsTheOperationsPageToAdminsOnly() {
		Tenant member = Tenant.newProject();
		this.browser.signIn(member.token);
		assertThat(this.browser.driver.findElements(By.id("nav-operations"))).isEmpty();
		this.browser.open("/console/admin/operations");
		assertThat(this.browser.waitFor(By.cssSelector("#alerts .alert.error")).getText()).contains("IMS.0403");
		TestStack.get()
			.client()
			.get()
			.uri("/console/admin/operations/data")
			.cookie("ims_console", member.token)
			.exchange()
			.expectStatus()
			.isForbidden();

		Tenant admin = Tenant.newProject(true);
		this.browser.signIn(admin.token);
		this.browser.driver.findElement(By.id("nav-operations")).click();
		this.browser.waitFor(By.cssSelector("#jobs-chart .uplot"));
		this.browser.waitFor(ExpectedConditions.not(ExpectedConditions.textToBe(By.id("generated-at"), "")));
		String first = this.browser.driver.findElement(By.id("generated-at")).getAttribute("datetime");
		this.browser.waitFor(
				ExpectedConditions.not(ExpectedConditions.attributeToBe(By.id("generated-at"), "datetime", first)));
		assertThat(this.browser.driver.findElement(By.id("total-accepted")).getText()).matches("\\d+");
		this.browser.screenshot("operations");
	}

	private void replaceText(By field, String text) {
		WebElement element = this.browser.driver.findElement(field);
		element.clear();
		element.sendKeys(text);
	}

	private WebElement baseImageRow() {
		return this.browser.waitFor(By.cssSelector("tr[data-name=ims-base-linux]"));
	}

	/** A project (id = name) and a member of it, made through the Keystone admin API. */
	@SuppressWarnings("unchecked")
	private static void createAccount(Tenant admin, String project, String user, String password) {
		admin.json(admin.post("/v3/projects", "{\"project\":{\"id\":\"%s\",\"name\":\"%s\"}}".formatted(project,
				project)), HttpStatus.CREATED);
		Map<String, Object> created = (Map<String, Object>) admin.json(admin.post("/v3/users",
				"{\"user\":{\"name\":\"%s\",\"password\":\"%s\"}}".formatted(user, password)), HttpStatus.CREATED)
			.get("user");
		admin.http.put().uri("/v3/projects/" + project + "/users/" + created.get("id") + "/roles/member")
			.header("X-Auth-Token", admin.token).exchange().expectStatus().isNoContent();
	}

}
