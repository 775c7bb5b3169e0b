package io.orator.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin console at {@code /console} in a real headless Chromium (Debian's chromium and
 * chromium-driver): what an operator sees and does. Screenshots go to target/screenshots.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String CONSOLE = Api.BASE + "/console/";
    private static final Path CHROMIUM = Path.of(System.getProperty("orator.it.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("orator.it.chromedriver", "/usr/bin/chromedriver"));
    private static final Path SCREENSHOTS = Path.of(System.getProperty("orator.it.screenshots", "target/screenshots"));
    private static final Dimension WINDOW = new Dimension(1280, 1000);

    private static ChromeDriver browser;

    @Deployment(testable = false)
    static WebArchive app() {
        return Deployments.orator();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
            browser = null;
        }
        Api.admin("POST", "/api/v1/admin/dispatch/resume");
    }

    @Test
    @Order(1)
    void consoleNeedsTheAdminAccount() {
        for (String path : List.of("/console/", "/console/console.js", "/console")) {
            HttpResponse<String> anonymous = Api.asUser("GET", path, null, null);
            assertEquals(401, anonymous.statusCode(), path);
            assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"), path);
        }
        assertEquals(401, Api.asUser("GET", "/console/", Api.ADMIN_USER, "wrong").statusCode());
        HttpResponse<String> page = Api.asUser("GET", "/console/", Api.ADMIN_USER, Api.ADMIN_PASSWORD);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("/webjars/chart.js/") && !page.body().contains("${"),
                "the page names the packaged Chart.js version: " + page.body());
    }

    @Test
    @Order(2)
    void showsAJobProgressLiveToSucceededAndPlaysItsAudio() {
        Api.admin("POST", "/api/v1/admin/dispatch/pause");
        String id;
        try {
            id = Api.submit("{\"script\": " + Api.quote(Api.longScript(200)) + "}");
            open("#job/" + id);
            WebElement detail = browser().findElement(By.id("job-detail"));
            waiting().until(ExpectedConditions.attributeToBe(detail, "data-status", "QUEUED"));
            waiting().until(d -> events(detail) >= 1);
        } finally {
            Api.admin("POST", "/api/v1/admin/dispatch/resume");
        }
        WebElement detail = browser.findElement(By.id("job-detail"));
        waiting().until(ExpectedConditions.attributeToBe(detail, "data-status", "SUCCEEDED"));
        assertTrue(events(detail) >= 3, "status and progress arrived live: " + events(detail) + " events");
        waiting().until(ExpectedConditions.textMatches(By.id("job-progress-text"), Pattern.compile("^100 %")));

        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("job-audio")));
        @SuppressWarnings("unchecked")
        Map<String, Object> played = (Map<String, Object>) browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const audio = document.getElementById('job-audio');
                const report = () => done({duration: audio.duration, readyState: audio.readyState,
                    currentTime: audio.currentTime, paused: audio.paused, error: audio.error && audio.error.code});
                audio.play().then(() => setTimeout(report, 1500), e => done({failed: String(e)}));
                """);
        assertNull(played.get("failed"), played.toString());
        assertNull(played.get("error"), played.toString());
        double expected = Api.job(id).getJsonObject("audio").getJsonNumber("durationSeconds").doubleValue();
        assertEquals(expected, number(played, "duration"), 0.5, "the player read the WAV: " + played);
        assertTrue(number(played, "readyState") >= 2, played.toString());
        assertFalse((Boolean) played.get("paused"), played.toString());
        assertTrue(number(played, "currentTime") > 0, "it plays: " + played);
        screenshot("job-succeeded");
    }

    @Test
    @Order(3)
    void dashboardShowsHealthQueueTheRunningJobAndCharts() {
        open("#dashboard");
        // The dashboard re-renders its tables every few seconds: each reading is one lookup that
        // is tried again if a refresh replaced the rows it found.
        List<String> checks = waiting().until(d -> {
            List<String> names = d.findElements(By.cssSelector("#health tbody tr")).stream()
                    .map(row -> row.getDomAttribute("data-check")).sorted().toList();
            return names.size() == 6 ? names : null;
        });
        assertEquals(List.of("clients", "database", "dispatch", "gpu", "storage", "voices"), checks);
        waiting().until(ExpectedConditions.textToBe(By.cssSelector("#health tr[data-check='database'] .badge"), "UP"));
        waiting().until(ExpectedConditions.textMatches(By.id("queue-depth"), Pattern.compile("^\\d+$")));
        assertEquals("function", browser.executeScript("return typeof Chart"));
        waiting().until(d -> number(browser.executeScript(
                "return Chart.getChart('chart-rss').data.datasets[0].data.length")) >= 1);
        waiting().until(d -> number(browser.executeScript("""
                const succeeded = Chart.getChart('chart-jobs').data.datasets.find(d => d.label === 'SUCCEEDED');
                return succeeded ? succeeded.data.reduce((a, b) => a + b, 0) : 0""")) >= 1);

        // A job long enough to watch: its progress reaches the dashboard through the event stream.
        Api.admin("POST", "/api/v1/admin/dispatch/pause");
        String id;
        try {
            id = Api.submit("{\"script\": " + Api.quote(Api.longScript(1100)) + "}");
        } finally {
            Api.admin("POST", "/api/v1/admin/dispatch/resume");
        }
        try {
            Api.awaitStatus(id, WAIT, "RUNNING", "SUCCEEDED");
            browser.executeScript("refresh()");
            waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#running-job a[href='#job/" + id + "']")));
            waiting().until(ExpectedConditions.textMatches(By.id("running-text"), Pattern.compile("chunk [1-9]\\d* of")));
            browser.manage().window().setSize(new Dimension(WINDOW.width, 1500));
            screenshot("dashboard");
        } finally {
            browser.manage().window().setSize(WINDOW);
            Api.post("/api/v1/syntheses/" + id + "/cancel", "");
            Api.awaitStatus(id, WAIT, "CANCELLED", "SUCCEEDED");
        }
    }

    @Test
    @Order(4)
    void cancelsAQueuedJobFindsItByIdRetriesAndDeletesIt() {
        open("#operations");
        browser().findElement(By.id("btn-pause")).click();
        waiting().until(ExpectedConditions.textToBe(By.id("dispatch-state"), "paused"));
        try {
            String id = Api.submit("{\"script\": \"Speaker 1: Cancel me from the console.\"}");
            open("#jobs");
            new Select(browser.findElement(By.id("job-status-filter"))).selectByVisibleText("QUEUED");
            By row = By.cssSelector("#jobs-table tr[data-id='" + id + "']");
            click(row);
            WebElement detail = browser.findElement(By.id("job-detail"));
            waiting().until(ExpectedConditions.attributeToBe(detail, "data-status", "QUEUED"));
            click(By.id("btn-cancel"));
            waiting().until(ExpectedConditions.attributeToBe(detail, "data-status", "CANCELLED"));
            assertEquals("CANCELLED", Api.job(id).getString("status"));
            screenshot("job-cancelled");

            // The first characters of the id find it, whatever the status filter said before.
            new Select(browser.findElement(By.id("job-status-filter"))).selectByVisibleText("all");
            WebElement search = browser.findElement(By.id("job-search"));
            search.clear();
            search.sendKeys(id.substring(0, 8));
            browser.findElement(By.cssSelector("#job-filter button[type='submit']")).click();
            waiting().until(d -> d.findElements(By.cssSelector("#jobs-table tbody tr[data-id]")).stream()
                    .allMatch(r -> r.getDomAttribute("data-id").startsWith(id.substring(0, 8)))
                    && !d.findElements(row).isEmpty());
            JsonObject found = Api.json(Api.get("/api/v1/syntheses?id=" + id.substring(0, 13).toUpperCase()));
            assertEquals(id, found.getJsonArray("items").getJsonObject(0).getString("id"));
            assertEquals(422, Api.get("/api/v1/syntheses?id=not-an-id").statusCode());

            click(By.id("btn-retry"));
            waiting().until(ExpectedConditions.attributeToBe(detail, "data-status", "QUEUED"));
            open("#operations");
            browser.findElement(By.id("btn-resume")).click();
            waiting().until(ExpectedConditions.textToBe(By.id("dispatch-state"), "active"));
            JsonObject done = Api.awaitStatus(id, WAIT, "SUCCEEDED");
            assertEquals(1, done.getJsonObject("stats").getInt("attempts"));

            open("#job/" + id);
            waiting().until(ExpectedConditions.attributeToBe(By.id("job-detail"), "data-status", "SUCCEEDED"));
            browser.findElement(By.id("btn-delete")).click();
            waiting().until(ExpectedConditions.alertIsPresent()).accept();
            waiting().until(d -> Api.get("/api/v1/syntheses/" + id).statusCode() == 404);
        } finally {
            Api.admin("POST", "/api/v1/admin/dispatch/resume");
        }
    }

    @Test
    @Order(5)
    void showsAVoicePackThatFailedToLoad() {
        open("#voices");
        By broken = By.cssSelector("#voices-table tr[data-voice*='wrong-names']");
        List<String> cells = waiting().until(d -> d.findElement(broken).findElements(By.tagName("td")).stream()
                .map(WebElement::getText).toList());
        assertEquals("unavailable", cells.get(4));
        assertTrue(cells.get(5).length() > 10, "the load error is shown: " + cells.get(5));
        waiting().until(d -> d.findElements(By.cssSelector("#voices-table tr[data-voice] .badge.ready")).size() > 10);
        screenshot("voices");
    }

    @Test
    @Order(6)
    void operationsReloadTheEnginesAndRunTheCleanup() {
        open("#operations");
        browser().findElement(By.id("btn-reload")).click();
        waiting().until(ExpectedConditions.textMatches(By.id("ops-log"), Pattern.compile("Engines reloaded: \\d+ voices")));
        browser.findElement(By.id("btn-cleanup")).click();
        waiting().until(ExpectedConditions.textMatches(By.id("ops-log"), Pattern.compile("Cleanup: \\d+ expired")));
        screenshot("operations");
    }

    @Test
    @Order(7)
    void clientsPageCreatesAKeyShownOnceRevokesItAndShowsUsageAndTheAuditLog() {
        String client = "console-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        Api.submit("{\"script\": \"Speaker 1: Count me in the usage.\"}");
        open("#clients");
        browser().findElement(By.id("key-client")).sendKeys(client);
        browser.findElement(By.id("key-name")).sendKeys("made in the console");
        browser.findElement(By.id("btn-create-key")).click();
        waiting().until(ExpectedConditions.textMatches(By.id("key-secret"), Pattern.compile("ork_[A-Za-z0-9_-]{43}")));
        String key = browser.findElement(By.id("key-secret")).getText();
        assertEquals(200, Api.send(Client.request("GET", "/api/v1/syntheses", null)
                .header("Authorization", "Bearer " + key).build()).statusCode(), "the key works");
        By row = By.xpath("//table[@id='keys-table']//tr[td[2]='" + client + "']");
        waiting().until(ExpectedConditions.presenceOfElementLocated(row));
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#usage-table tr[data-client='local']")));
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#audit-table tr[data-action='key.create']")));
        screenshot("clients");

        click(By.xpath("//table[@id='keys-table']//tr[td[2]='" + client + "']//button"));
        waiting().until(ExpectedConditions.alertIsPresent()).accept();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(row, "REVOKED"));
        assertEquals(401, Api.send(Client.request("GET", "/api/v1/syntheses", null)
                .header("Authorization", "Bearer " + key).build()).statusCode(), "the revoked key is refused");
    }

    @Test
    @Order(8)
    void swaggerUiShowsEveryOperationOfTheDocument() {
        HttpResponse<String> page = Api.asUser("GET", "/api-docs/", null, null);
        assertEquals(200, page.statusCode(), "the API page needs no login");
        assertTrue(page.body().contains("/webjars/swagger-ui/") && !page.body().contains("${"), page.body());
        jakarta.json.JsonObject document = Api.json(Api.get("/openapi?format=JSON"));
        int operations = document.getJsonObject("paths").values().stream().mapToInt(item -> item.asJsonObject().size()).sum();

        browser().get(Api.BASE + "/api-docs/");
        // Swagger UI renders one block per operation once it has read /openapi: scripts, styles
        // and the document all load under the pages' content security policy.
        waiting().until(d -> d.findElements(By.cssSelector(".opblock")).size() == operations);
        assertTrue(browser.findElement(By.cssSelector(".info .title")).getText().startsWith("Orator"));
        screenshot("api-docs");
    }

    @Test
    @Order(9)
    void clientsPageShowsWebhookDeliveriesAndRedeliversAGivenUpOne() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String id = Api.submit("{\"script\": \"Speaker 1: Tell nobody.\", \"webhookUrl\": \"http://127.0.0.1:"
                + closedPort + "/hook\"}");
        String delivery = Api.await(() -> webhookOf(id), d -> d != null && d.getString("status").equals("FAILED"),
                Duration.ofSeconds(90), "the webhook of job " + id + " given up").getString("id");

        open("#clients");
        By row = By.cssSelector("#webhooks-table tr[data-delivery='" + delivery + "']");
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(row, "FAILED"));
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(row, "ConnectException"));
        screenshot("webhooks");
        click(By.cssSelector("#webhooks-table tr[data-delivery='" + delivery + "'] button"));
        // Due again, tried once more against the same closed port, and given up again.
        Api.await(() -> webhookOf(id), d -> d.getInt("attempts") == 5 && d.getString("status").equals("FAILED"),
                Duration.ofSeconds(90), "a fifth try of job " + id + "'s webhook");
    }

    private static jakarta.json.JsonObject webhookOf(String jobId) {
        var items = Api.json(Api.admin("GET", "/api/v1/admin/webhooks/deliveries?job=" + jobId)).getJsonArray("items");
        return items.isEmpty() ? null : items.getJsonObject(0);
    }

    /** The browser, started on first use; the tests that need it are skipped where it is not installed. */
    private static ChromeDriver browser() {
        if (browser == null) {
            assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                    "needs " + CHROMIUM + " and " + CHROMEDRIVER + " (Debian's chromium and chromium-driver; .ci/run installs them)");
            // Both paths are given, so Selenium Manager has nothing to look up or download.
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
            ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments(
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
                    "--window-size=" + WINDOW.width + "," + WINDOW.height,
                    "--autoplay-policy=no-user-gesture-required", "--mute-audio");
            browser = new ChromeDriver(service, options);
            browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
            // What the login dialog would send: the admin account on every request of the page.
            String basic = "Basic " + Base64.getEncoder().encodeToString(
                    (Api.ADMIN_USER + ":" + Api.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
            browser.executeCdpCommand("Network.enable", Map.of());
            browser.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Authorization", basic)));
        }
        return browser;
    }

    private static void open(String fragment) {
        browser().get(CONSOLE + fragment);
    }

    /**
     * Clicks what {@code locator} finds as soon as it can be clicked. The console re-renders its
     * tables while it loads them, so an element found a moment ago may be gone: it is looked up
     * again rather than clicked stale.
     */
    private static void click(By locator) {
        waiting().until(d -> {
            WebElement element = ExpectedConditions.elementToBeClickable(locator).apply(d);
            if (element == null) {
                return false;
            }
            element.click();
            return true;
        });
    }

    private static WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(browser(), WAIT);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    private static int events(WebElement detail) {
        String events = detail.getDomAttribute("data-events");
        return events == null ? 0 : Integer.parseInt(events);
    }

    private static double number(Map<String, Object> values, String key) {
        return number(values.get(key));
    }

    private static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
