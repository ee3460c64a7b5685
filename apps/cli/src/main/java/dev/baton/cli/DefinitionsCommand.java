package dev.baton.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "definitions",
    description = {
      "List task definitions, or show one type's versions.",
      "Without TYPE: the latest version of every type (GET /api/v1/definitions).",
      "With TYPE: its latest definition and all its versions."
    })
final class DefinitionsCommand implements Callable<Integer> {

  @ParentCommand BatonCli cli;

  @Parameters(paramLabel = "TYPE", arity = "0..1", description = "A task type: show its versions")
  String type;

  @Override
  public Integer call() {
    var client = cli.client();
    if (type == null) {
      var list = client.get("/api/v1/definitions");
      if (cli.json()) {
        cli.printJson(list);
      } else {
        cli.print(Views.definitions(list.path("items")));
      }
      return ExitCodes.OK;
    }
    var path = "/api/v1/definitions/" + Query.segment(type);
    var latest = client.get(path);
    var versions = client.get(path + "/versions");
    if (cli.json()) {
      cli.printJson(versions);
      return ExitCodes.OK;
    }
    var table = new Table("FIELD", "VALUE");
    for (var field :
        new String[] {"type", "version", "label", "description", "concurrencyLimit", "source"}) {
      table.row(field.equals("version") ? "latest" : field, Views.text(latest, field));
    }
    table.row("defaults", Views.text(latest, "defaults"));
    var text = new StringBuilder(table.render().substring(table.render().indexOf('\n') + 1));
    text.append("versions (oldest first):\n");
    var latestVersion = Views.text(versions, "latest");
    for (var version : versions.path("versions")) {
      var v = version.asString();
      text.append("  ").append(v).append(v.equals(latestVersion) ? "  (latest)" : "").append('\n');
    }
    cli.print(text.toString());
    return ExitCodes.OK;
  }
}
