package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.example.ExampleWorker;
import dev.baton.protocol.ProtocolCodec;
import dev.baton.protocol.Topology;
import dev.baton.testsupport.TestBroker;
import dev.baton.worker.BatonWorker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI against a real orchestrator ({@code java -jar baton-orchestrator.jar}, SQLite, the test
 * broker) with an example worker in-process, both on a prefix of their own. Each test tags its
 * tasks with a fresh value, so the tests do not see each other's tasks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliIT {

  /** A type no worker serves: its tasks wait in their queue. */
  private static final String UNSERVED = "cli-bulk";

  private final String prefix = TestBroker.uniquePrefix("cli");
  private OrchestratorJar orchestrator;
  private BatonWorker worker;

  @TempDir Path dir;

  private record Run(int exitCode, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }
  }

  @BeforeAll
  void start() {
    orchestrator = OrchestratorJar.start(prefix);
    worker = ExampleWorker.create(TestBroker.amqpUri(), new Topology(prefix), 4);
    worker.start();
  }

  @AfterAll
  void stop() {
    if (worker != null) {
      worker.stop(Duration.ofSeconds(5));
    }
    if (orchestrator != null) {
      orchestrator.close();
    }
    TestBroker.deleteTopology(
        new Topology(prefix), List.of("echo", "sleep", "sha256", "fail", UNSERVED));
  }

  private Run baton(String... args) {
    return batonAt(orchestrator.url(), args);
  }

  private Run batonAt(String server, String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    var commandLine = BatonCli.commandLine(new BatonCli(Map.of(), dir, false));
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    var all = new ArrayList<>(List.of("--server", server));
    all.addAll(List.of(args));
    return new Run(commandLine.execute(all.toArray(String[]::new)), out.toString(), err.toString());
  }

  private static String tag() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void submittedTasksAreWatchedUntilCompletedAndShownByGetListStatsAndEvents() {
    var run = tag();
    var ids = new ArrayList<String>();
    for (int i = 0; i < 3; i++) {
      var submit =
          baton("submit", "--type", "echo", "--input", "{\"n\":" + i + "}", "--tag", "run=" + run);
      assertThat(submit.exitCode()).as(submit.err()).isZero();
      ids.add(submit.out().strip());
    }

    var watch = baton("watch", "--tag", "run:" + run, "--interval", "200ms", "--timeout", "60s");
    assertThat(watch.exitCode()).as(watch.err()).isEqualTo(ExitCodes.OK);
    assertThat(watch.out()).isEqualTo("3 tasks: 3 COMPLETED\n");

    var get = baton("get", ids.get(0));
    assertThat(get.exitCode()).isZero();
    assertThat(get.out()).contains("status          COMPLETED", "result          {\"n\":0}");

    var list = baton("list", "--tag", "run:" + run, "--status", "completed");
    assertThat(list.exitCode()).isZero();
    assertThat(list.lines()).hasSize(4).first().asString().startsWith("ID  ");
    assertThat(list.out()).contains(ids);

    var json = baton("--json", "list", "--tag", "run:" + run, "--limit", "2");
    assertThat(json.err()).contains("more tasks match");
    assertThat(new ProtocolCodec().mapper().readTree(json.out()).size()).isEqualTo(2);
    assertThat(baton("list", "--tag", "run:" + run, "--limit", "1", "--all").lines()).hasSize(4);

    var stats = baton("stats", "--tag", "run:" + run);
    assertThat(stats.out()).contains("COMPLETED  3", "TOTAL      3", "workers: IDLE");

    var events = baton("events", ids.get(0));
    assertThat(events.exitCode()).isZero();
    assertThat(events.out()).contains("DISPATCH_CONFIRMED", "WORKER_COMPLETED", "APPLIED");
  }

  @Test
  void watchExitsOneWhenATaskFailedAndRetryStartsANewAttempt() {
    var run = tag();
    baton("submit", "--type", "echo", "--tag", "run=" + run);
    var failing =
        baton("submit", "--type", "fail", "--max-retries", "0", "--tag", "run=" + run)
            .out()
            .strip();

    var watch = baton("watch", "--tag", "run:" + run, "--interval", "200ms", "--timeout", "60s");
    assertThat(watch.exitCode()).as(watch.err()).isEqualTo(ExitCodes.NEGATIVE_OUTCOME);
    assertThat(watch.out()).isEqualTo("2 tasks: 1 COMPLETED, 1 FAILED\n");

    var retry = baton("retry", failing);
    assertThat(retry.exitCode()).as(retry.err()).isZero();
    assertThat(retry.out()).isEqualTo(failing + " SUBMITTED (attempt 2)\n");

    var ids = dir.resolve("ids.txt");
    writeLines(ids, List.of(failing));
    var byIds = baton("watch", "--ids-file", ids.toString(), "--interval", "200ms");
    assertThat(byIds.exitCode()).isEqualTo(ExitCodes.NEGATIVE_OUTCOME);
    assertThat(byIds.out()).isEqualTo("1 task: 1 FAILED\n");
  }

  @Test
  void cancelEndsATaskAndASecondCancelIsAConflict() {
    var id = baton("submit", "--type", "echo", "--run-at", "2099-01-01T00:00:00Z").out().strip();

    var cancel = baton("cancel", id);
    assertThat(cancel.exitCode()).as(cancel.err()).isZero();
    assertThat(cancel.out()).isEqualTo(id + " CANCELLED (attempt 1)\n");

    var again = baton("cancel", id);
    assertThat(again.exitCode()).isEqualTo(ExitCodes.CLIENT_ERROR);
    assertThat(again.err())
        .startsWith("baton: ")
        .contains("HTTP 409 from POST")
        .doesNotContain("\tat ");
  }

  @Test
  void workersAndDefinitionsAreListed() throws Exception {
    var workers = baton("workers");
    assertThat(workers.exitCode()).isZero();
    assertThat(workers.out()).contains(worker.workerId(), "echo");

    var type = "cli-def-" + tag();
    for (var version : List.of("1.0.0", "1.10.0", "1.2.0")) {
      assertThat(
              orchestrator.post(
                  "/api/v1/definitions",
                  "{\"type\":\"" + type + "\",\"version\":\"" + version + "\",\"label\":\"CLI\"}"))
          .isEqualTo(201);
    }
    var list = baton("definitions");
    assertThat(list.exitCode()).isZero();
    assertThat(list.out()).contains(type + "  1.10.0  3");

    var versions = baton("definitions", type);
    assertThat(versions.out())
        .contains("latest            1.10.0")
        .endsWith("versions (oldest first):\n  1.0.0\n  1.2.0\n  1.10.0  (latest)\n");
    assertThat(baton("definitions", "no-such-type").exitCode()).isEqualTo(ExitCodes.CLIENT_ERROR);
  }

  @Test
  void importSummarisesTakenAndRefusedRecords() throws Exception {
    var file = dir.resolve("legacy.json");
    Files.writeString(
        file,
        "[{\"id\":\"job-1\",\"status\":\"done\",\"code\":\"echo\",\"result\":{\"ok\":true}},"
            + " {\"id\":\"job-2\",\"status\":\"weird\",\"code\":\"echo\"}]");

    var run = baton("import", file.toString(), "--source", "cli-" + tag());

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.NEGATIVE_OUTCOME);
    assertThat(run.lines()).hasSize(2);
    assertThat(run.lines().get(0)).isEqualTo("imported 1, rejected 1");
    assertThat(run.lines().get(1)).startsWith("  record 1 (job-2): ").contains("weird");
  }

  @Test
  void aLargeNdjsonFileIsSubmittedInBatchesOfAThousand() throws Exception {
    var run = tag();
    var file = dir.resolve("bulk.ndjson");
    writeLines(
        file,
        IntStream.range(0, 2_500)
            .mapToObj(i -> "{\"type\":\"" + UNSERVED + "\",\"input\":{\"i\":" + i + "}}")
            .toList());

    var submit = baton("submit", "--file", file.toString(), "--tag", "bulk=" + run, "--progress");

    assertThat(submit.exitCode()).as(submit.err()).isZero();
    assertThat(submit.lines()).hasSize(2_500).doesNotHaveDuplicates();
    assertThat(submit.err()).contains("2500/2500 100%", "submitted 2500 tasks in 3 batches");
    var stats = baton("--json", "stats", "--tag", "bulk:" + run);
    assertThat(new ProtocolCodec().mapper().readTree(stats.out()).get("total").asInt())
        .isEqualTo(2_500);
  }

  @Test
  void refusedInputUnknownIdsAndAnUnreachableServerHaveTheirExitCodes() {
    var invalid = baton("submit", "--type", "echo", "--priority", "12");
    assertThat(invalid.exitCode()).isEqualTo(ExitCodes.CLIENT_ERROR);
    assertThat(invalid.err()).contains("HTTP 400", "\n  priority: must be between 0 and 9");

    var unknown = baton("get", UUID.randomUUID().toString());
    assertThat(unknown.exitCode()).isEqualTo(ExitCodes.CLIENT_ERROR);
    assertThat(unknown.err()).contains("HTTP 404 from GET");

    var down = "http://127.0.0.1:" + OrchestratorJar.freePort();
    var unreachable = batonAt(down, "stats");
    assertThat(unreachable.exitCode()).isEqualTo(ExitCodes.SERVER_ERROR);
    assertThat(unreachable.err())
        .startsWith("baton: cannot reach the orchestrator at " + down + " (connection refused")
        .contains("--server");
  }

  private static void writeLines(Path file, List<String> lines) {
    try {
      Files.writeString(file, lines.stream().collect(Collectors.joining("\n", "", "\n")));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
