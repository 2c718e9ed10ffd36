package cloud.ims.standalone.e2e;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sharing in the console, in a real headless Chromium: the owner shares an image through its Share dialog (one project
 * that exists, one that does not), the member accepts it under "Shared with me", and the owner sees the answer and
 * removes the member again.
 */
class ConsoleSharingIT {

	private final ConsoleBrowser browser = ConsoleBrowser.get();

	@Test
	void sharesAnImageThroughTheDialogAndTheMemberAcceptsItUnderSharedWithMe() {
		Tenant owner = Tenant.newProject();
		Tenant member = ImageSharingIT.registered(Tenant.newProject());
		String image = ImageFixture.anActivePrivateImage(owner.projectId, "console shared").id().value();

		this.browser.signIn(owner.token);
		this.browser.open("/console/images?tab=private");
		this.browser.awaitHtmx();
		this.browser.waitFor(By.cssSelector("tr[data-name='console shared'] button.share")).click();
		this.browser.waitFor(By.cssSelector("dialog#share-dialog[open] #share-form"));
		assertThat(this.browser.driver.findElement(By.cssSelector("#share-dialog .empty")).getText())
			.contains("Not shared");
		this.browser.driver.findElement(By.id("share-projects")).sendKeys(member.projectId + "\nno-such-project");
		this.browser.driver.findElement(By.cssSelector("#share-form button[type=submit]")).click();

		WebElement row = this.browser.waitFor(By.id("member-" + member.projectId));
		assertThat(row.findElement(By.cssSelector(".member-status")).getText()).isEqualTo("pending");
		assertThat(this.browser.driver.findElement(By.cssSelector("#share-dialog .share-problems")).getText())
			.contains("no-such-project").contains("IMG.0708");
		this.browser.screenshot("share-dialog");
		this.browser.driver.findElement(By.cssSelector("#share-dialog [data-close-dialog]")).click();
		this.browser.awaitGone(By.cssSelector("dialog#share-dialog[open]"));

		this.browser.signIn(member.token);
		this.browser.open("/console/images?tab=shared");
		this.browser.awaitHtmx();
		WebElement shared = this.browser.waitFor(By.cssSelector("tr[data-name='console shared']"));
		assertThat(shared.findElement(By.cssSelector(".member-status")).getText()).isEqualTo("pending");
		assertThat(shared.findElements(By.cssSelector("a.create-servers"))).as("not before it accepts").isEmpty();
		assertThat(shared.findElements(By.cssSelector("button.delete, a.edit, button.share"))).isEmpty();
		shared.findElement(By.cssSelector("button.accept-share")).click();

		this.browser.waitFor(ExpectedConditions.textToBe(
				By.cssSelector("tr[data-name='console shared'] .member-status"), "accepted"));
		assertThat(this.browser.driver.findElement(By.cssSelector("tr[data-name='console shared'] a.create-servers"))
			.isDisplayed()).isTrue();
		this.browser.screenshot("shared-with-me");
		assertThat(member.json(member.get("/v2/images/" + image + "/members/" + member.projectId), HttpStatus.OK))
			.containsEntry("status", "accepted");

		this.browser.signIn(owner.token);
		this.browser.open("/console/images?tab=private");
		this.browser.awaitHtmx();
		this.browser.waitFor(By.cssSelector("tr[data-name='console shared'] button.share")).click();
		WebElement accepted = this.browser.waitFor(By.id("member-" + member.projectId));
		assertThat(accepted.findElement(By.cssSelector(".member-status")).getText()).isEqualTo("accepted");
		accepted.findElement(By.cssSelector("button.remove-member")).click();
		this.browser.waitFor(ExpectedConditions.alertIsPresent()).accept();

		this.browser.waitFor(By.cssSelector("#share-dialog .empty"));
		owner.get("/v2/images/" + image + "/members").expectStatus().isOk().expectBody()
			.jsonPath("$.members").isEmpty();
	}

}
