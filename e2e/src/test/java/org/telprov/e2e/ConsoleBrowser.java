package org.telprov.e2e;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's headless Chromium, driven through Debian's chromedriver (nothing downloads a browser), with a fresh profile
 * per person so no session carries over. Every console page it opens has its browser console log checked for errors.
 */
final class ConsoleBrowser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final Path profile;
    private final String consoleUrl;
    private final List<String> consoleErrors = new ArrayList<>();
    private final List<String> accessibilityViolations = new ArrayList<>();

    private ConsoleBrowser(ChromeDriver driver, Path profile, String consoleUrl) {
        this.driver = driver;
        this.profile = profile;
        this.consoleUrl = consoleUrl;
    }

    /** Skips the calling test outside CI when Debian's chromium is not installed; fails in CI, which installs it. */
    static void requireChromium() {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return;
        }
        String message = "the console's browser tests need Debian's chromium and chromium-driver: "
                + "apt-get install chromium chromium-driver";
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(message + "; .ci/run installs them");
        }
        Assumptions.abort(message);
    }

    static ConsoleBrowser open(String consoleUrl) {
        try {
            Path profile = Files.createTempDirectory("console-it-chromium");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--no-sandbox", "--headless=new", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                    "--user-data-dir=" + profile, "--window-size=1280,900");
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().window().setSize(new Dimension(1280, 900));
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
            return new ConsoleBrowser(driver, profile, consoleUrl);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens the console, logs in on Keycloak's own login page and waits for the dashboard. */
    void logIn(String username, String password) {
        driver.get(consoleUrl + "/");
        wait(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        collectConsoleErrors();
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("kc-login")).click();
        wait(ExpectedConditions.presenceOfElementLocated(By.id("viewer-name")));
        checkPage();
    }

    /** Opens a console page by its path and waits until it is loaded. */
    void get(String path) {
        driver.get(consoleUrl + path);
        wait(ExpectedConditions.presenceOfElementLocated(By.tagName("main")));
        checkPage();
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    WebElement await(String css) {
        return wait(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    /** The element's text; found again when htmx swapped it between finding and reading it. */
    String text(String css) {
        for (int attempt = 1; ; attempt++) {
            try {
                return await(css).getText();
            } catch (StaleElementReferenceException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    String currentPath() {
        return driver.getCurrentUrl().substring(consoleUrl.length());
    }

    String currentUrl() {
        return driver.getCurrentUrl();
    }

    ChromeDriver driver() {
        return driver;
    }

    /** Clicks an element and waits for the page it leads to. */
    void clickAndWait(String css, String cssOnNextPage) {
        find(css).click();
        await(cssOnNextPage);
        checkPage();
    }

    /** Checks the page as it is now: its console log, and its accessibility (axe-core, serious and critical). */
    void checkPage() {
        collectConsoleErrors();
        if (driver.getCurrentUrl().startsWith(consoleUrl)) {
            accessibilityViolations.addAll(axe());
        }
    }

    /** The serious and critical axe-core violations found on the console pages checked so far. */
    List<String> accessibilityViolations() {
        return List.copyOf(accessibilityViolations);
    }

    @SuppressWarnings("unchecked")
    private List<String> axe() {
        driver.executeScript(AxeCore.SOURCE);
        Object found = driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {resultTypes: ['violations']})
                  .then(results => done(results.violations
                    .filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => location.pathname + ': ' + v.id + ' (' + v.impact + ') ' + v.help + ' at '
                      + v.nodes.map(n => n.target.join(' ')).join(', '))))
                  .catch(error => done(['axe-core failed on ' + location.pathname + ': ' + error]));
                """);
        return (List<String>) found;
    }

    /** axe-core's script, unpacked from its npm package by the build (the path comes from the POM, with the version). */
    private static final class AxeCore {
        static final String SOURCE = read();

        private static String read() {
            String path = System.getProperty("telprov.e2e.axe-core");
            try {
                return java.nio.file.Files.readString(java.nio.file.Path.of(path));
            } catch (IOException e) {
                throw new UncheckedIOException("axe-core is not where the build unpacks it: " + path, e);
            }
        }
    }

    /**
     * The errors and warnings the browser logged on console pages so far. Keycloak's login page is not the console's
     * and its own entries are left out.
     */
    List<String> consoleErrors() {
        collectConsoleErrors();
        return List.copyOf(consoleErrors);
    }

    private void collectConsoleErrors() {
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            boolean keycloaks = !entry.getMessage().startsWith(consoleUrl) && entry.getMessage().contains("/realms/");
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue() && !keycloaks) {
                consoleErrors.add(entry.getMessage());
            }
        }
    }

    /** Scrolls the element into view, then saves what the browser shows as {@code docs/console/<name>.png}. */
    void screenshot(Path docs, String name, String cssInView) {
        driver.executeScript("arguments[0].scrollIntoView({block: 'start'})", find(cssInView));
        screenshot(docs, name);
    }

    /** Saves what the browser shows as {@code docs/console/<name>.png}, for docs/console.md. */
    void screenshot(Path docs, String name) {
        try {
            Files.createDirectories(docs);
            Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, docs.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Selenium's default of 500 ms between looks was most of the wait for an htmx swap that takes a few ms. */
    private <T> T wait(java.util.function.Function<? super org.openqa.selenium.WebDriver, T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(100)).until(condition);
    }

    /**
     * Ends a test's browser: fails on any error in the console log or serious or critical axe-core violation found on
     * the pages it visited, and closes the browser either way.
     */
    void checkAndClose() {
        try {
            assertThat(consoleErrors()).as("errors in the browser's console log").isEmpty();
            assertThat(accessibilityViolations()).as("serious or critical axe-core violations").isEmpty();
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        driver.quit();
        try {
            Directories.delete(profile);
        } catch (IOException ignored) {
            // a temporary profile; the OS cleans up what is left
        }
    }

    /** Deletes a directory tree. */
    private static final class Directories {
        static void delete(Path root) throws IOException {
            try (var paths = Files.walk(root)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }
}
