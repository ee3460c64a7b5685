package dev.baton.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

@Command(
    name = "submit",
    description = {
      "Submit one task from options, or every task of a JSON/NDJSON file; print the ids.",
      "One task: POST /api/v1/tasks. --file (a JSON array, or NDJSON: one task per line):",
      "batches of up to 1,000 (POST /api/v1/tasks/batch); ids one per line, in the file's order.",
      "With --file, the other options are defaults for tasks that do not set them (tags merge)."
    },
    sortOptions = false)
final class SubmitCommand implements Callable<Integer> {

  @ParentCommand BatonCli cli;

  @Option(
      names = "--type",
      paramLabel = "TYPE",
      description = "Task type (required without --file)")
  String type;

  @Option(
      names = "--input",
      paramLabel = "JSON",
      description = "Task input as JSON, or @FILE to read it from a file (default {})")
  String input;

  @Option(names = "--priority", paramLabel = "0-9", description = "Higher runs first (default 5)")
  Integer priority;

  @Option(
      names = "--tag",
      paramLabel = "KEY=VALUE",
      description = "A tag (repeatable)",
      mapFallbackValue = "")
  Map<String, String> tags;

  @Option(
      names = "--idempotency-key",
      paramLabel = "KEY",
      description = "A repeat with the same key returns the first task")
  String idempotencyKey;

  @Option(
      names = "--run-at",
      paramLabel = "INSTANT",
      description = "Run at this ISO-8601 instant, e.g. 2030-01-01T00:00:00Z")
  String runAt;

  @Option(
      names = "--version",
      paramLabel = "VERSION",
      description = "Definition version (default: the latest)")
  String version;

  @Option(
      names = "--max-retries",
      paramLabel = "N",
      description = "Retries after the first attempt")
  Integer maxRetries;

  @Option(names = "--timeout-seconds", paramLabel = "S", description = "Per-attempt timeout")
  Integer timeoutSeconds;

  @Option(
      names = {"-f", "--file"},
      paramLabel = "FILE",
      description = "Submit every task of FILE (JSON array or NDJSON)")
  Path file;

  @Option(
      names = "--progress",
      description = "Show a progress bar on stderr even when it is not a terminal")
  boolean progress;

  @Override
  public Integer call() {
    return file == null ? submitOne() : submitFile();
  }

  private int submitOne() {
    if (type == null) {
      throw CliException.usage("submit needs --type (or --file)");
    }
    var task = cli.client().post("/api/v1/tasks", defaults());
    if (cli.json()) {
      cli.printJson(task);
    } else {
      cli.out().println(Views.text(task, "id"));
      cli.out().flush();
    }
    return ExitCodes.OK;
  }

  private int submitFile() {
    if (input != null || idempotencyKey != null) {
      throw CliException.usage(
          "--input and --idempotency-key apply to one task; with --file put them in each line");
    }
    var mapper = cli.mapper();
    var tasks = TaskFile.read(file, mapper);
    if (tasks.isEmpty()) {
      throw CliException.usage(file + " holds no tasks");
    }
    var defaults = defaults();
    tasks.forEach(task -> applyDefaults((ObjectNode) task, defaults));
    var batches = Batches.split(tasks, Batches.MAX_ITEMS, Batches.MAX_BYTES, mapper);
    var bar = new ProgressBar(cli.err(), progress || cli.terminal(), tasks.size(), "submitted");
    var ids = new ArrayList<String>(tasks.size());
    try {
      for (var batch : batches) {
        var body = mapper.createObjectNode();
        batch.forEach(body.putArray("tasks")::add);
        var answer = cli.client().post("/api/v1/tasks/batch", body);
        answer.path("ids").forEach(id -> ids.add(id.asString()));
        bar.update(ids.size());
      }
    } catch (CliException e) {
      bar.finish();
      printIds(ids);
      cli.err().printf("submitted %d of %d tasks before this failure:%n", ids.size(), tasks.size());
      throw e;
    }
    bar.finish();
    printIds(ids);
    cli.err().printf("submitted %d tasks in %d batches%n", ids.size(), batches.size());
    cli.err().flush();
    return ExitCodes.OK;
  }

  private void printIds(List<String> ids) {
    if (cli.json()) {
      var answer = cli.mapper().createObjectNode();
      ids.forEach(answer.putArray("ids")::add);
      cli.printJson(answer);
    } else {
      var text = new StringBuilder();
      ids.forEach(id -> text.append(id).append('\n'));
      cli.print(text.toString());
    }
  }

  /** The task the options describe (for --file: the defaults of every task). */
  private ObjectNode defaults() {
    var task = cli.mapper().createObjectNode();
    if (type != null) {
      task.put("type", type);
    }
    if (input != null) {
      task.set("input", parseInput());
    }
    if (priority != null) {
      task.put("priority", priority);
    }
    if (tags != null && !tags.isEmpty()) {
      var node = task.putObject("tags");
      tags.forEach(node::put);
    }
    if (idempotencyKey != null) {
      task.put("idempotencyKey", idempotencyKey);
    }
    if (runAt != null) {
      task.put("runAt", runAt);
    }
    if (version != null) {
      task.put("version", version);
    }
    if (maxRetries != null) {
      task.put("maxRetries", maxRetries);
    }
    if (timeoutSeconds != null) {
      task.put("timeoutSeconds", timeoutSeconds);
    }
    return task;
  }

  /** Fills what {@code task} leaves out from {@code defaults}; tags merge, the task's winning. */
  static void applyDefaults(ObjectNode task, ObjectNode defaults) {
    for (var field : defaults.properties()) {
      var own = task.get(field.getKey());
      if (own == null || own.isNull()) {
        task.set(field.getKey(), field.getValue().deepCopy());
      } else if (field.getKey().equals("tags") && own.isObject()) {
        var merged = ((ObjectNode) field.getValue()).deepCopy();
        merged.setAll((ObjectNode) own);
        task.set("tags", merged);
      }
    }
  }

  private JsonNode parseInput() {
    var text = input;
    if (text.startsWith("@")) {
      try {
        text = Files.readString(Path.of(text.substring(1)), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw CliException.usage("cannot read --input file " + text.substring(1) + ": " + e);
      }
    }
    try {
      return cli.mapper().readTree(text);
    } catch (JacksonException e) {
      throw CliException.usage("--input is not valid JSON: " + e.getOriginalMessage());
    }
  }
}
