package dev.baton.cli;

import tools.jackson.databind.JsonNode;

/** How {@code cancel} and {@code retry} report the task they changed. */
final class TaskAction {

  private TaskAction() {}

  /** {@code <id> <status> (attempt n)}, or the task as JSON. */
  static int report(BatonCli cli, JsonNode task) {
    if (cli.json()) {
      cli.printJson(task);
    } else {
      cli.out()
          .printf(
              "%s %s (attempt %s)%n",
              Views.text(task, "id"), Views.text(task, "status"), Views.text(task, "attempt"));
      cli.out().flush();
    }
    return ExitCodes.OK;
  }
}
