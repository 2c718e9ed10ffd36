package cloud.ims.standalone.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Function;

import cloud.ims.core.testing.SystemTool;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Debian Chromium, driven by Debian's chromedriver (nothing is downloaded), shared by the console's
 * browser tests. It trusts the stack's self-signed certificate. Screenshots go to the directory named by the system
 * property {@code ims.console.screenshots} (the README's command writes them into docs/screenshots), else to
 * target/console-screenshots.
 */
final class ConsoleBrowser {

	static final String CHROMIUM = "/usr/bin/chromium";

	static final String CHROMEDRIVER = "/usr/bin/chromedriver";

	private static ConsoleBrowser instance;

	final ChromeDriver driver;

	private final String baseUrl;

	private final Path screenshots;

	private ConsoleBrowser(String baseUrl) {
		SystemTool.CHROMIUM.require();
		SystemTool.CHROMEDRIVER.require();
		this.baseUrl = baseUrl;
		this.screenshots = Path.of(System.getProperty("ims.console.screenshots", "target/console-screenshots"));
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM);
		options.setAcceptInsecureCerts(true);
		options.addArguments("--headless=new", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,860",
				"--lang=en-US", "--hide-scrollbars");
		if ("root".equals(System.getProperty("user.name"))) {
			options.addArguments("--no-sandbox");
		}
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(Path.of(CHROMEDRIVER).toFile())
			.usingAnyFreePort()
			.build();
		this.driver = new ChromeDriver(service, options);
		Runtime.getRuntime().addShutdownHook(new Thread(this.driver::quit));
	}

	static synchronized ConsoleBrowser get() {
		if (instance == null) {
			instance = new ConsoleBrowser(TestStack.get().baseUrl());
		}
		return instance;
	}

	void open(String path) {
		this.driver.get(this.baseUrl + path);
	}

	/** Signs out whoever was signed in, then signs in with the token, landing on the images. */
	void signIn(String token) {
		this.driver.manage().deleteAllCookies();
		open("/console/sign-in");
		enterToken(token);
		waitFor(ExpectedConditions.urlContains("/console/images"));
	}

	/** Fills and sends the sign-in form's token variant, which sits folded under the password form. */
	void enterToken(String token) {
		this.driver.findElement(By.cssSelector("details summary")).click();
		WebElement field = waitFor(By.id("token"));
		field.clear();
		// The token is long: setting it directly is much faster than typing it key by key.
		this.driver.executeScript("arguments[0].value = arguments[1];", field, token);
		this.driver.findElement(By.id("sign-in-with-token")).click();
	}

	/** Fills and sends the sign-in form with a user name, password and project. */
	void enterPassword(String user, String password, String project) {
		this.driver.findElement(By.id("user")).sendKeys(user);
		this.driver.findElement(By.id("password")).sendKeys(password);
		this.driver.findElement(By.id("project")).sendKeys(project);
		this.driver.findElement(By.id("sign-in")).click();
	}

	WebElement waitFor(By locator) {
		return waitFor(ExpectedConditions.visibilityOfElementLocated(locator));
	}

	<T> T waitFor(Function<? super WebDriver, T> condition) {
		// htmx replaces elements while a condition looks at them: look again rather than fail.
		return new WebDriverWait(this.driver, Duration.ofSeconds(60), Duration.ofMillis(100))
			.ignoring(StaleElementReferenceException.class)
			.until(condition);
	}

	void awaitGone(By locator) {
		waitFor(ExpectedConditions.invisibilityOfElementLocated(locator));
	}

	/** Where the page's htmx has loaded, so that clicks on hx- elements are handled. */
	void awaitHtmx() {
		waitFor((driver) -> Boolean.TRUE.equals(this.driver.executeScript("return typeof htmx !== 'undefined';")));
	}

	/** Runs the action in a phone-sized window, then restores the usual size. */
	void onANarrowScreen(Runnable action) {
		Dimension usual = this.driver.manage().window().getSize();
		this.driver.manage().window().setSize(new Dimension(390, 844));
		try {
			action.run();
		}
		finally {
			this.driver.manage().window().setSize(usual);
		}
	}

	void screenshot(String name) {
		try {
			Files.createDirectories(this.screenshots);
			Path file = this.driver.getScreenshotAs(OutputType.FILE).toPath();
			Files.copy(file, this.screenshots.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
