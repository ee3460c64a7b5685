package dev.baton.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

@Command(
    name = "import",
    description = {
      "Import task records of an earlier task store (POST /api/v1/tasks/import).",
      "",
      "FILE is a JSON array (or NDJSON) of legacy records; finished ones are kept as history,",
      "unfinished ones run again. Prints 'imported n, rejected m' and each refusal's reason.",
      "Exit 1 when any record was refused."
    },
    sortOptions = false)
final class ImportCommand implements Callable<Integer> {

  @ParentCommand BatonCli cli;

  @Parameters(paramLabel = "FILE", description = "JSON array or NDJSON of legacy records")
  Path file;

  @Option(
      names = "--default-type",
      paramLabel = "TYPE",
      description = "Type of records that name none")
  String defaultType;

  @Option(
      names = "--source",
      paramLabel = "NAME",
      description = "Names the legacy store (give each store its own when ids may overlap)")
  String source;

  @Option(names = "--progress", description = "Show a progress bar even when not on a terminal")
  boolean progress;

  @Override
  public Integer call() {
    var mapper = cli.mapper();
    var records = TaskFile.read(file, mapper);
    var client = cli.client();
    var bar =
        new ProgressBar(cli.err(), progress || cli.terminal(), records.size(), "records imported");
    int imported = 0;
    int offset = 0;
    var rejected = new ArrayList<JsonNode>();
    for (var chunk : Batches.split(records, Batches.MAX_ITEMS, Batches.MAX_BYTES, mapper)) {
      var body = mapper.createArrayNode();
      chunk.forEach(body::add);
      var query =
          new Query("/api/v1/tasks/import")
              .param("defaultType", defaultType)
              .param("source", source);
      var answer = client.post(query.toString(), body);
      imported += answer.path("imported").asInt(0);
      for (var rejection : answer.path("rejected")) {
        // Indexes count from the start of the file, not of this request.
        var copy = rejection.deepCopy();
        if (copy.isObject() && rejection.has("index")) {
          ((ObjectNode) copy).put("index", rejection.path("index").asInt() + offset);
        }
        rejected.add(copy);
      }
      offset += chunk.size();
      bar.update(offset);
    }
    bar.finish();
    if (cli.json()) {
      var answer = mapper.createObjectNode().put("imported", imported);
      var array = answer.putArray("rejected");
      rejected.forEach(array::add);
      cli.printJson(answer);
    } else {
      cli.print(Views.importSummary(imported, rejected));
    }
    return rejected.isEmpty() ? ExitCodes.OK : ExitCodes.NEGATIVE_OUTCOME;
  }
}
