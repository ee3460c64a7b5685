package dev.baton.orchestrator.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard of an orchestrator with keys, in headless Chromium: without a key it says one is
 * needed; with tenant A's key it lists A's tasks and never B's; forgetting the key locks it again.
 * Skipped only where Chromium is not installed (CI installs it).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeyedDashboardIT extends KeyedOrchestratorIT {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private WebDriver driver;
  private WebDriverWait wait;

  @BeforeAll
  void startBrowser() {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "KeyedDashboardIT skipped: needs /usr/bin/chromium and /usr/bin/chromedriver");
    var options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000");
    driver =
        new ChromeDriver(
            new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(),
            options);
    wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    wait.ignoring(StaleElementReferenceException.class);
  }

  @AfterAll
  void stopBrowser() {
    if (driver != null) {
      driver.quit();
    }
  }

  @Test
  void theDashboardAsksForAKeyThenShowsOnlyThatTenantsTasks() {
    var ofA = submitWith(ADMIN_A);
    var ofB = submitWith(ADMIN_B);

    driver.get(uri("/#/tasks").toString());
    var error = wait.until(d -> d.findElement(By.cssSelector("[data-testid=error]")));
    assertThat(error.getText()).contains("API key");

    driver.findElement(By.cssSelector("[data-testid=api-key]")).sendKeys(ADMIN_A);
    driver.findElement(By.cssSelector("[data-testid=use-key]")).click();
    wait.until(
        d ->
            !d.findElements(By.cssSelector("[data-testid=task-row][data-id='" + ofA + "']"))
                .isEmpty());
    assertThat(driver.findElements(By.cssSelector("[data-testid=task-row][data-id='" + ofB + "']")))
        .isEmpty();
    // The key is in this tab's sessionStorage, never in a cookie.
    assertThat(driver.manage().getCookies()).isEmpty();

    driver.findElement(By.cssSelector("[data-testid=forget-key]")).click();
    wait.until(d -> !d.findElements(By.cssSelector("[data-testid=error]")).isEmpty());
  }

  private String submitWith(String key) {
    var response =
        send(
            HttpRequest.newBuilder(uri("/api/v1/tasks"))
                .header("Content-Type", "application/json")
                .header("X-API-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"" + PULL_TYPE + "\"}"))
                .build());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return JSON.readTree(response.body()).get("id").asString();
  }
}
