package dev.baton.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "get", description = "Show one task (GET /api/v1/tasks/{id}).")
final class GetCommand implements Callable<Integer> {

  @ParentCommand BatonCli cli;

  @Parameters(paramLabel = "ID", description = "The task's id")
  String id;

  @Override
  public Integer call() {
    var task = cli.client().get("/api/v1/tasks/" + Query.segment(id));
    if (cli.json()) {
      cli.printJson(task);
    } else {
      cli.print(Views.task(task));
    }
    return ExitCodes.OK;
  }
}
