package dev.baton.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "events",
    description = "Show a task's history, oldest first (GET /api/v1/tasks/{id}/events).")
final class EventsCommand implements Callable<Integer> {

  @ParentCommand BatonCli cli;

  @Parameters(paramLabel = "ID", description = "The task's id")
  String id;

  @Override
  public Integer call() {
    var events = cli.client().get("/api/v1/tasks/" + Query.segment(id) + "/events");
    if (cli.json()) {
      cli.printJson(events);
    } else {
      cli.print(Views.events(events));
    }
    return ExitCodes.OK;
  }
}
