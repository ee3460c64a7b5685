package dev.baton.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a file of JSON objects: either one JSON array, or NDJSON (one object per line; blank lines
 * and lines starting with {@code #} are skipped). A file whose first non-blank character is {@code
 * [} is an array. Errors name the line (NDJSON) or the element index (array).
 */
final class TaskFile {

  private TaskFile() {}

  static List<JsonNode> read(Path file, JsonMapper mapper) {
    try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(reader, mapper, file.toString());
    } catch (NoSuchFileException e) {
      throw CliException.usage("no such file: " + file);
    } catch (IOException e) {
      throw CliException.usage("cannot read " + file + ": " + e.getMessage());
    }
  }

  /**
   * @param name the file name for error messages
   */
  static List<JsonNode> read(Reader source, JsonMapper mapper, String name) throws IOException {
    var reader = new BufferedReader(source);
    reader.mark(1 << 16);
    int c;
    do {
      c = reader.read();
    } while (c != -1 && Character.isWhitespace(c));
    reader.reset();
    return c == '[' ? readArray(reader, mapper, name) : readLines(reader, mapper, name);
  }

  private static List<JsonNode> readArray(Reader reader, JsonMapper mapper, String name) {
    JsonNode array;
    try {
      array = mapper.readTree(reader);
    } catch (JacksonException e) {
      throw CliException.usage(name + " is not a valid JSON array: " + e.getOriginalMessage());
    }
    var items = new ArrayList<JsonNode>(array.size());
    for (int i = 0; i < array.size(); i++) {
      if (!array.get(i).isObject()) {
        throw CliException.usage(name + ": element " + i + " is not a JSON object");
      }
      items.add(array.get(i));
    }
    return items;
  }

  private static List<JsonNode> readLines(BufferedReader reader, JsonMapper mapper, String name)
      throws IOException {
    var items = new ArrayList<JsonNode>();
    String line;
    int number = 0;
    while ((line = reader.readLine()) != null) {
      number++;
      var trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      JsonNode node;
      try {
        node = mapper.readTree(trimmed);
      } catch (JacksonException e) {
        throw CliException.usage(
            name + ", line " + number + ": not valid JSON: " + e.getOriginalMessage());
      }
      if (!node.isObject()) {
        throw CliException.usage(name + ", line " + number + ": not a JSON object");
      }
      items.add(node);
    }
    return items;
  }
}
