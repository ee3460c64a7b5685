package dev.baton.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "stats",
    description = "Count tasks by state, and workers by status (GET /api/v1/tasks/stats).",
    sortOptions = false)
final class StatsCommand implements Callable<Integer> {

  @ParentCommand BatonCli cli;

  @Mixin TaskFilters filters;

  @Override
  public Integer call() {
    var stats = cli.client().get(filters.apply(new Query("/api/v1/tasks/stats")).toString());
    if (cli.json()) {
      cli.printJson(stats);
    } else {
      cli.print(Views.stats(stats));
    }
    return ExitCodes.OK;
  }
}
