package dev.baton.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "retry",
    description = {
      "Start a new attempt of a FAILED or CANCELLED task (POST /api/v1/tasks/{id}/retry).",
      "A task in another state is a conflict (exit 3)."
    })
final class RetryCommand implements Callable<Integer> {

  @ParentCommand BatonCli cli;

  @Parameters(paramLabel = "ID", description = "The task's id")
  String id;

  @Override
  public Integer call() {
    var task = cli.client().post("/api/v1/tasks/" + Query.segment(id) + "/retry", null);
    return TaskAction.report(cli, task);
  }
}
