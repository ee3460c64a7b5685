package dev.baton.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "workers",
    description = "List the workers the orchestrator has heard from (GET /api/v1/workers).")
final class WorkersCommand implements Callable<Integer> {

  @ParentCommand BatonCli cli;

  @Override
  public Integer call() {
    var workers = cli.client().get("/api/v1/workers");
    if (cli.json()) {
      cli.printJson(workers);
    } else {
      cli.print(Views.workers(workers.isArray() ? workers : workers.path("items")));
    }
    return ExitCodes.OK;
  }
}
