package dev.baton.cli;

import java.util.ArrayList;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.JsonNode;

@Command(
    name = "list",
    description = "List tasks, newest first (GET /api/v1/tasks).",
    sortOptions = false)
final class ListCommand implements Callable<Integer> {

  /** The server's largest page. */
  private static final int MAX_PAGE = 500;

  @ParentCommand BatonCli cli;

  @Mixin TaskFilters filters;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "50",
      description =
          "Show at most N tasks (default ${DEFAULT-VALUE}; pages of up to 500 are fetched)")
  int limit;

  @Option(names = "--all", description = "Show every matching task, following nextCursor")
  boolean all;

  @Override
  public Integer call() {
    if (limit < 1) {
      throw CliException.usage("--limit must be at least 1, got " + limit);
    }
    var items = new ArrayList<JsonNode>();
    String cursor = null;
    do {
      int page = all ? MAX_PAGE : Math.min(MAX_PAGE, limit - items.size());
      var query =
          filters.apply(new Query("/api/v1/tasks")).param("limit", page).param("cursor", cursor);
      var answer = cli.client().get(query.toString());
      answer.path("items").forEach(items::add);
      var next = answer.get("nextCursor");
      cursor = next == null || next.isNull() ? null : next.asString();
    } while (cursor != null && (all || items.size() < limit));

    if (cli.json()) {
      var array = cli.mapper().createArrayNode();
      items.forEach(array::add);
      cli.printJson(array);
    } else {
      cli.print(Views.tasks(items));
    }
    if (cursor != null) {
      // On stderr, so that stdout stays a table or JSON that scripts can read.
      cli.err().println("(more tasks match: use --all or a larger --limit)");
      cli.err().flush();
    }
    return ExitCodes.OK;
  }
}
