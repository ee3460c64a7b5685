package dev.baton.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "watch",
    description = {
      "Follow tasks until every one has ended, with a live progress line on stderr.",
      "",
      "Tasks by tag (and type), polled through GET /api/v1/tasks/stats, or by the ids in a",
      "file (e.g. the output of 'submit --file'). Exit 0 when all COMPLETED; exit 1 when any",
      "FAILED or was CANCELLED, when nothing matches, or on --timeout."
    },
    sortOptions = false)
final class WatchCommand implements Callable<Integer> {

  @ParentCommand BatonCli cli;

  @Option(
      names = "--tag",
      paramLabel = "KEY:VALUE",
      description = "Tasks with this tag (repeatable; all must match)")
  List<String> tags;

  @Option(names = "--type", paramLabel = "TYPE", description = "Tasks of this type")
  String type;

  @Option(
      names = "--ids-file",
      paramLabel = "FILE",
      description = "Tasks whose ids FILE lists, one per line")
  Path idsFile;

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      defaultValue = "1s",
      converter = DurationConverter.class,
      description = "Time between polls (default ${DEFAULT-VALUE})")
  Duration interval;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Give up (exit 1) when not all tasks ended by then, e.g. 10m")
  Duration timeout;

  private Map<String, String> statusById;

  @Override
  public Integer call() throws InterruptedException {
    if (idsFile == null && tags == null && type == null) {
      throw CliException.usage("watch needs --tag, --type or --ids-file");
    }
    if (idsFile != null && (tags != null || type != null)) {
      throw CliException.usage("--ids-file cannot be combined with --tag or --type");
    }
    if (idsFile != null) {
      statusById = readIds(idsFile);
    }
    var live = new LiveLine(cli.err(), cli.terminal());
    long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
    while (true) {
      var snapshot = poll();
      live.show(Views.progress(snapshot.total(), snapshot.byStatus()));
      if (snapshot.total() == 0) {
        live.end();
        cli.err().println("baton: no tasks match; nothing to watch");
        cli.err().flush();
        return report(snapshot, ExitCodes.NEGATIVE_OUTCOME);
      }
      if (snapshot.allTerminal()) {
        live.end();
        return report(
            snapshot, snapshot.allCompleted() ? ExitCodes.OK : ExitCodes.NEGATIVE_OUTCOME);
      }
      if (System.nanoTime() - deadline >= 0) {
        live.end();
        cli.err().printf("baton: timed out after %s; not all tasks have ended%n", timeout);
        cli.err().flush();
        return report(snapshot, ExitCodes.NEGATIVE_OUTCOME);
      }
      Thread.sleep(interval.toMillis());
    }
  }

  private int report(WatchSnapshot snapshot, int exitCode) {
    if (cli.json()) {
      var answer = cli.mapper().createObjectNode().put("total", snapshot.total());
      var byStatus = answer.putObject("byStatus");
      Views.STATES.forEach(s -> byStatus.put(s, snapshot.byStatus().getOrDefault(s, 0L)));
      cli.printJson(answer);
    } else {
      cli.out().println(Views.progress(snapshot.total(), snapshot.byStatus()));
      cli.out().flush();
    }
    return exitCode;
  }

  private WatchSnapshot poll() {
    if (statusById == null) {
      var query = new Query("/api/v1/tasks/stats").param("type", type).params("tag", tags);
      var stats = cli.client().get(query.toString());
      var byStatus = new TreeMap<String, Long>();
      stats
          .path("byStatus")
          .properties()
          .forEach(e -> byStatus.put(e.getKey(), e.getValue().asLong()));
      return new WatchSnapshot(stats.path("total").asLong(), byStatus);
    }
    // Only tasks not yet seen ending are asked for again: a terminal task stays terminal.
    for (var entry : statusById.entrySet()) {
      if (entry.getValue() == null || !Views.TERMINAL.contains(entry.getValue())) {
        var task = cli.client().get("/api/v1/tasks/" + Query.segment(entry.getKey()));
        entry.setValue(Views.text(task, "status"));
      }
    }
    return WatchSnapshot.of(statusById.values());
  }

  private static Map<String, String> readIds(Path file) {
    try {
      var ids = new LinkedHashMap<String, String>();
      for (var line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        var id = line.strip();
        if (!id.isEmpty() && !id.startsWith("#")) {
          ids.put(id, null);
        }
      }
      return ids;
    } catch (NoSuchFileException e) {
      throw CliException.usage("no such file: " + file);
    } catch (IOException e) {
      throw CliException.usage("cannot read " + file + ": " + e.getMessage());
    }
  }
}
