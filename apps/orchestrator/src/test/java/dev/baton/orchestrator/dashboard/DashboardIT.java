package dev.baton.orchestrator.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.baton.orchestrator.OrchestratorIT;
import dev.baton.protocol.TaskStatus;
import dev.baton.testsupport.TestBroker;
import dev.baton.worker.BatonWorker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium against this orchestrator, with real tasks run by an
 * in-process example worker: each page loads and shows what the API says, Cancel and Retry work.
 * Each page's screenshot is kept in docs/images/ (refreshed with BATON_UPDATE_SCREENSHOTS=true).
 * Skipped (not failed) only where Chromium and chromedriver are not installed; CI (.ci/run)
 * installs them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT extends OrchestratorIT {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private final List<String> queuedTypes = new ArrayList<>();
  private WebDriver driver;
  private WebDriverWait wait;
  private BatonWorker worker;

  @BeforeAll
  void startBrowserAndWorker() {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "DashboardIT skipped: needs /usr/bin/chromium and /usr/bin/chromedriver (Debian packages"
            + " chromium and chromium-driver; .ci/run installs them)");
    var options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000");
    var service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    driver = new ChromeDriver(service, options);
    wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    wait.ignoring(StaleElementReferenceException.class);
    worker = startWorker(2);
  }

  @AfterAll
  void stopBrowserAndWorker() throws Exception {
    if (driver != null) {
      driver.quit();
    }
    if (worker != null) {
      worker.stop(Duration.ofSeconds(5));
    }
    // Queues of this class's own types, on the shared RabbitMQ. Their tasks are cancelled first:
    // the orchestrator would dispatch a QUEUED task whose queue vanished again (LostDispatches).
    for (var type : queuedTypes) {
      for (var task : getJson("/api/v1/tasks?status=QUEUED&limit=500&type=" + type).get("items")) {
        post("/api/v1/tasks/" + task.get("id").asString() + "/cancel", "");
      }
    }
    try (var connection = TestBroker.connectionFactory().newConnection();
        var channel = connection.createChannel()) {
      for (var type : queuedTypes) {
        channel.queueDelete(topology.taskQueue(type));
      }
    }
  }

  @Test
  @Order(Integer.MAX_VALUE) // last, so that its screenshot shows the other tests' tasks too
  void overviewShowsCountsMatchingStatsAChartQueueDepthsAndWorkers() {
    var done = submit("{\"type\":\"sha256\",\"input\":{\"text\":\"overview\"}}");
    submit("{\"type\":\"fail\",\"maxRetries\":0}");
    submit("{\"type\":\"echo\",\"runAt\":\"" + Instant.now().plus(Duration.ofDays(1)) + "\"}");
    await().atMost(Duration.ofSeconds(20)).until(() -> status(done).equals("COMPLETED"));

    open("/");
    wait.until(d -> pageCounts().equals(apiCounts()));
    var chart = wait.until(visible("throughput-chart"));
    assertThat(chart.findElements(By.cssSelector("polyline"))).hasSize(3);
    assertThat(Long.parseLong(text(By.cssSelector("[data-testid=total-submitted]"))))
        .isGreaterThanOrEqualTo(3);
    var sha = wait.until(visible(By.cssSelector("[data-testid=queue-row][data-type=sha256]")));
    assertThat(sha.findElement(By.cssSelector("[data-testid=queue-messages]")).getText())
        .matches("\\d+");
    assertThat(sha.findElement(By.cssSelector("[data-testid=queue-consumers]")).getText())
        .matches("[1-9]\\d*");
    wait.until(d -> pageWorkers().equals(apiWorkers()) && !apiWorkers().isEmpty());
    screenshot("overview");
  }

  @Test
  void tasksPageFiltersByTypeAndPagesWithTheCursor() {
    var type = "dash-" + UUID.randomUUID();
    var runAt = Instant.now().plus(Duration.ofDays(1));
    var submitted = new LinkedHashSet<String>();
    for (int i = 0; i < 7; i++) {
      submitted.add(
          submit("{\"type\":\"" + type + "\",\"runAt\":\"" + runAt + "\",\"priority\":" + i + "}")
              .toString());
    }
    submit("{\"type\":\"sha256\",\"input\":{\"text\":\"list\"},\"tags\":{\"team\":\"search\"}}");

    open("/tasks");
    wait.until(visible(By.cssSelector("[data-testid=task-row]")));
    screenshot("tasks");

    type(By.cssSelector("[data-testid=filter-type]"), type);
    type(By.cssSelector("[data-testid=filter-limit]"), "3");
    new Select(driver.findElement(By.cssSelector("[data-testid=filter-status]")))
        .selectByValue("SCHEDULED");
    driver.findElement(By.cssSelector("[data-testid=filter-apply]")).click();

    var seen = new ArrayList<String>();
    var page1 = rowsAfterLoad(3, Set.of());
    seen.addAll(page1);
    driver.findElement(By.cssSelector("[data-testid=next-page]")).click();
    var page2 = rowsAfterLoad(3, Set.copyOf(seen));
    seen.addAll(page2);
    driver.findElement(By.cssSelector("[data-testid=next-page]")).click();
    seen.addAll(rowsAfterLoad(1, Set.copyOf(seen)));
    assertThat(driver.findElements(By.cssSelector("[data-testid=next-page]"))).isEmpty();
    assertThat(seen).containsExactlyInAnyOrderElementsOf(submitted);
    // Newest first: the reverse of submission order.
    var newestFirst = new ArrayList<>(submitted);
    Collections.reverse(newestFirst);
    assertThat(seen).containsExactlyElementsOf(newestFirst);
    assertThat(driver.findElements(By.cssSelector("[data-testid=task-row-status]")))
        .extracting(WebElement::getText)
        .containsOnly("SCHEDULED");

    driver.findElement(By.cssSelector("[data-testid=prev-page]")).click();
    wait.until(d -> rowIds().equals(page2));
  }

  @Test
  void taskPageShowsTimelineInputAndResultAndEscapesServerData() {
    var id =
        submit(
            "{\"type\":\"echo\",\"input\":{\"text\":\"hello dashboard\",\"n\":42},"
                + "\"tags\":{\"note\":\"<b id=injected>bold</b>\"}}");
    await().atMost(Duration.ofSeconds(20)).until(() -> status(id).equals("COMPLETED"));

    open("/tasks/" + id);
    wait.until(
        ExpectedConditions.textToBe(By.cssSelector("[data-testid=task-status]"), "COMPLETED"));
    assertThat(text(By.cssSelector("[data-testid=task-id]"))).isEqualTo(id.toString());
    assertThat(text(By.cssSelector("[data-testid=task-worker]"))).isEqualTo(worker.workerId());
    var entries = driver.findElements(By.cssSelector("[data-testid=timeline-entry]"));
    // Every entry of the task's history, in order, as the API gives it. (Whether QUEUED shows
    // depends on a race: on PostgreSQL the worker's ASSIGNED may be applied before the relay
    // records the broker's confirm, which is then an ignored duplicate.)
    var history = new java.util.ArrayList<String>();
    getJson("/api/v1/tasks/" + id + "/events")
        .forEach(e -> history.add(e.path("to").isNull() ? "" : e.path("to").asString()));
    assertThat(entries)
        .extracting(e -> e.getAttribute("data-to"))
        .containsExactlyElementsOf(history);
    // A lean (v1.1) worker reports a short task by its result alone: no RUNNING entry.
    assertThat(history).contains("SUBMITTED", "COMPLETED").doesNotContain("RUNNING");
    assertThat(text(By.cssSelector("[data-testid=timeline]"))).contains(worker.workerId());
    assertThat(text(By.cssSelector("[data-testid=task-input]")))
        .contains("\"text\": \"hello dashboard\"", "\"n\": 42");
    assertThat(text(By.cssSelector("[data-testid=task-result]"))).contains("hello dashboard");
    assertThat(text(By.cssSelector("[data-testid=task-fields]")))
        .contains("note:<b id=injected>bold</b>");
    assertThat(driver.findElements(By.id("injected"))).isEmpty();
    assertThat(driver.findElement(By.cssSelector("[data-testid=cancel-button]")).isEnabled())
        .isFalse();
    screenshot("task");
  }

  @Test
  void cancelThenRetryFromTheTaskPage() {
    var type = "dash-q-" + UUID.randomUUID();
    queuedTypes.add(type);
    var id = submit("{\"type\":\"" + type + "\",\"input\":{\"n\":1},\"maxRetries\":1}");
    await().atMost(Duration.ofSeconds(20)).until(() -> status(id).equals("QUEUED"));

    open("/tasks/" + id);
    wait.until(ExpectedConditions.textToBe(By.cssSelector("[data-testid=task-status]"), "QUEUED"));
    wait.until(clickable("cancel-button")).click();
    wait.until(
        ExpectedConditions.textToBe(By.cssSelector("[data-testid=task-status]"), "CANCELLED"));
    assertThat(status(id)).isEqualTo("CANCELLED");
    assertThat(text(By.cssSelector("[data-testid=action-message]"))).contains("CANCELLED");

    wait.until(clickable("retry-button")).click();
    wait.until(
        d ->
            text(By.cssSelector("[data-testid=task-attempt]")).startsWith("2 of")
                && !text(By.cssSelector("[data-testid=task-status]")).equals("CANCELLED"));
    wait.until(
        d ->
            !d.findElements(By.cssSelector("[data-testid=timeline-entry][data-attempt='2']"))
                .isEmpty());
    assertThat(getJson("/api/v1/tasks/" + id).get("attempt").asInt()).isEqualTo(2);
    wait.until(ExpectedConditions.textToBe(By.cssSelector("[data-testid=task-status]"), "QUEUED"));
    screenshot("task-retried");
  }

  @Test
  void workersPageShowsTheWorkerWithHeartbeatAgeAndRunningTasks() {
    var sleeping = submit("{\"type\":\"sleep\",\"input\":{\"ms\":15000},\"maxRetries\":0}");

    open("/workers");
    var row = By.cssSelector("[data-testid=worker-row][data-id='" + worker.workerId() + "']");
    wait.until(visible(row));
    wait.until(
        d ->
            d.findElement(row)
                .findElement(By.cssSelector("[data-testid=worker-running]"))
                .getText()
                .contains(sleeping.toString().substring(0, 8)));
    assertThat(
            driver
                .findElement(row)
                .findElement(By.cssSelector("[data-testid=worker-heartbeat-age]"))
                .getText())
        .matches("\\d+ s ago");
    assertThat(
            driver
                .findElement(row)
                .findElement(By.cssSelector("[data-testid=worker-status]"))
                .getText())
        .isIn("IDLE", "BUSY");
    screenshot("workers");
    post("/api/v1/tasks/" + sleeping + "/cancel", "{}");
  }

  @Test
  void definitionsPageListsARegisteredDefinitionWithItsVersions() {
    var type = "dash-def-" + UUID.randomUUID().toString().substring(0, 8);
    for (var version : List.of("1.2.0", "1.10.0")) {
      var response =
          post(
              "/api/v1/definitions",
              "{\"type\":\""
                  + type
                  + "\",\"version\":\""
                  + version
                  + "\",\"label\":\"Dashboard"
                  + " test\",\"concurrencyLimit\":2}");
      assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    open("/definitions");
    var row = By.cssSelector("[data-testid=definition-row][data-type='" + type + "']");
    wait.until(visible(row));
    var found = driver.findElement(row);
    assertThat(found.findElement(By.cssSelector("[data-testid=definition-latest]")).getText())
        .isEqualTo("1.10.0");
    assertThat(found.findElement(By.cssSelector("[data-testid=definition-versions]")).getText())
        .isEqualTo("1.2.0, 1.10.0");
    screenshot("definitions");
  }

  // --- helpers

  private void open(String route) {
    driver.get("http://localhost:" + port + "/#" + route);
  }

  private TreeMap<String, String> pageCounts() {
    var counts = new TreeMap<String, String>();
    counts.put("total", text(By.cssSelector("[data-testid=count-total]")));
    for (var s : TaskStatus.values()) {
      counts.put(s.name(), text(By.cssSelector("[data-testid=count-" + s.name() + "]")));
    }
    return counts;
  }

  private TreeMap<String, String> pageWorkers() {
    var counts = new TreeMap<String, String>();
    for (var cell : driver.findElements(By.cssSelector("[data-testid^=workers-]"))) {
      counts.put(cell.getAttribute("data-testid").substring("workers-".length()), cell.getText());
    }
    return counts;
  }

  private TreeMap<String, String> apiWorkers() {
    var counts = new TreeMap<String, String>();
    getJson("/api/v1/tasks/stats")
        .get("workers")
        .properties()
        .forEach(e -> counts.put(e.getKey(), e.getValue().asString()));
    return counts;
  }

  private TreeMap<String, String> apiCounts() {
    var stats = getJson("/api/v1/tasks/stats");
    var counts = new TreeMap<String, String>();
    counts.put("total", stats.get("total").asString());
    for (var s : TaskStatus.values()) {
      counts.put(s.name(), stats.get("byStatus").get(s.name()).asString());
    }
    return counts;
  }

  /** The task ids of the list, once it shows {@code n} rows none of which is in {@code before}. */
  private List<String> rowsAfterLoad(int n, Set<String> before) {
    return wait.until(
        d -> {
          var ids = rowIds();
          return ids.size() == n && ids.stream().noneMatch(before::contains) ? ids : null;
        });
  }

  private List<String> rowIds() {
    return driver.findElements(By.cssSelector("[data-testid=task-row]")).stream()
        .map(e -> e.getAttribute("data-id"))
        .toList();
  }

  private String text(By by) {
    return wait.until(d -> d.findElement(by).getText());
  }

  private void type(By by, String value) {
    var input = wait.until(ExpectedConditions.elementToBeClickable(by));
    input.clear();
    input.sendKeys(value);
  }

  private static org.openqa.selenium.support.ui.ExpectedCondition<WebElement> visible(
      String testid) {
    return visible(By.cssSelector("[data-testid=" + testid + "]"));
  }

  private static org.openqa.selenium.support.ui.ExpectedCondition<WebElement> visible(By by) {
    return ExpectedConditions.visibilityOfElementLocated(by);
  }

  private static org.openqa.selenium.support.ui.ExpectedCondition<WebElement> clickable(
      String testid) {
    return ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid=" + testid + "]"));
  }

  /**
   * Saves the page to target/screenshots/dashboard-{@code page}.png, and to docs/images/ of the
   * repository when {@code BATON_UPDATE_SCREENSHOTS=true} (so an ordinary test run does not change
   * tracked files).
   */
  private void screenshot(String page) {
    var file = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
    var images =
        Boolean.parseBoolean(System.getenv("BATON_UPDATE_SCREENSHOTS"))
            ? repositoryRoot().resolve("docs/images")
            : Path.of("target", "screenshots");
    try {
      Files.createDirectories(images);
      Files.copy(
          file, images.resolve("dashboard-" + page + ".png"), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new IllegalStateException("cannot save the screenshot of " + page, e);
    }
  }

  private static Path repositoryRoot() {
    for (var dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("docs/architecture.md"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "no docs/architecture.md above " + Path.of("").toAbsolutePath());
  }
}
