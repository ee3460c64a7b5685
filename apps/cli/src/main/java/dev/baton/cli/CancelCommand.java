package dev.baton.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "cancel",
    description = {
      "Cancel a task that has not ended (POST /api/v1/tasks/{id}/cancel).",
      "A task that has ended is a conflict (exit 3)."
    })
final class CancelCommand implements Callable<Integer> {

  @ParentCommand BatonCli cli;

  @Parameters(paramLabel = "ID", description = "The task's id")
  String id;

  @Override
  public Integer call() {
    var task = cli.client().post("/api/v1/tasks/" + Query.segment(id) + "/cancel", null);
    return TaskAction.report(cli, task);
  }
}
