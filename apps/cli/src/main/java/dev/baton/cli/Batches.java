package dev.baton.cli;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Splits items into requests of at most {@code maxItems} items and about {@code maxBytes} of JSON,
 * so each fits the server's batch size and body limits (1,000 tasks, 1 MiB by default). An item
 * larger than {@code maxBytes} goes alone (the server then says why it is refused).
 */
final class Batches {

  /** The batch endpoint's item limit. */
  static final int MAX_ITEMS = 1_000;

  /** Below the server's default 1 MiB body limit, with room for the envelope. */
  static final int MAX_BYTES = 900_000;

  private Batches() {}

  static List<List<JsonNode>> split(
      List<JsonNode> items, int maxItems, int maxBytes, JsonMapper mapper) {
    var batches = new ArrayList<List<JsonNode>>();
    var current = new ArrayList<JsonNode>();
    long bytes = 0;
    for (var item : items) {
      int size = mapper.writeValueAsBytes(item).length + 1;
      if (!current.isEmpty() && (current.size() >= maxItems || bytes + size > maxBytes)) {
        batches.add(current);
        current = new ArrayList<>();
        bytes = 0;
      }
      current.add(item);
      bytes += size;
    }
    if (!current.isEmpty()) {
      batches.add(current);
    }
    return batches;
  }
}
