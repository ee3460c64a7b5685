package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.protocol.ProtocolCodec;
import java.io.StringReader;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class TaskFileTest {

  private final ProtocolCodec codec = new ProtocolCodec();

  private java.util.List<JsonNode> read(String text) throws Exception {
    return TaskFile.read(new StringReader(text), codec.mapper(), "tasks.ndjson");
  }

  @Test
  void readsNdjsonSkippingBlankAndCommentLines() throws Exception {
    var tasks = read("{\"type\":\"a\"}\n\n# a comment\n  {\"type\":\"b\",\"input\":{\"x\":1}}  \n");

    assertThat(tasks).extracting(t -> t.get("type").asString()).containsExactly("a", "b");
  }

  @Test
  void readsAJsonArrayEvenWhenItSpansLines() throws Exception {
    var tasks = read("\n  [\n {\"type\":\"a\"},\n {\"type\":\"b\"}\n]\n");

    assertThat(tasks).hasSize(2);
  }

  @Test
  void aBadNdjsonLineIsNamedByNumber() {
    assertThatThrownBy(() -> read("{\"type\":\"a\"}\n{\"type\": oops}\n"))
        .isInstanceOfSatisfying(
            CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE))
        .hasMessageStartingWith("tasks.ndjson, line 2: not valid JSON");
    assertThatThrownBy(() -> read("{\"type\":\"a\"}\n[1]\n")).hasMessageContaining("line 2");
    assertThatThrownBy(() -> read("{\"type\":\"a\"}\n42\n"))
        .hasMessage("tasks.ndjson, line 2: not a JSON object");
  }

  @Test
  void anArrayElementThatIsNotAnObjectIsNamedByIndex() {
    assertThatThrownBy(() -> read("[{\"type\":\"a\"}, 7]"))
        .hasMessage("tasks.ndjson: element 1 is not a JSON object");
    assertThatThrownBy(() -> read("[{\"type\":\"a\"}"))
        .hasMessageContaining("not a valid JSON array");
  }

  @Test
  void batchesHoldAtMostTheItemLimitAndTheByteLimit() throws Exception {
    var items = Collections.nCopies(2_500, codec.mapper().readTree("{\"type\":\"echo\"}"));

    var byCount = Batches.split(items, 1_000, 1_000_000, codec.mapper());
    assertThat(byCount).extracting(java.util.List::size).containsExactly(1_000, 1_000, 500);

    // Each item is 16 bytes as JSON, 17 with its separator: 5 fit in 90 bytes.
    var bySize = Batches.split(items.subList(0, 12), 1_000, 90, codec.mapper());
    assertThat(bySize).extracting(java.util.List::size).containsExactly(5, 5, 2);
  }
}
