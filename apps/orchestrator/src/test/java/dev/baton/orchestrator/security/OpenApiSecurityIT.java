package dev.baton.orchestrator.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The security the OpenAPI document declares is the security the server enforces: on an
 * orchestrator with keys, every documented operation is called without a key, and it answers 401
 * exactly when the document says it needs one. So a client generated from {@code /v3/api-docs}
 * sends its key where it must and nowhere else.
 */
class OpenApiSecurityIT extends KeyedOrchestratorIT {

  @Test
  void operationsDeclaringAKeyAreExactlyThoseAnswering401WithoutOne() {
    var doc = getJson("/v3/api-docs");
    var mismatches = new ArrayList<String>();
    var table = new StringBuilder("\n| operation | declared | without a key |\n|---|---|---|\n");
    doc.get("paths")
        .properties()
        .forEach(
            path ->
                path.getValue()
                    .properties()
                    .forEach(
                        op -> {
                          var method = op.getKey().toUpperCase(Locale.ROOT);
                          var declared = !op.getValue().path("security").isEmpty();
                          var target = sample(path.getKey());
                          var body = op.getValue().has("requestBody") ? "{}" : null;
                          var status = request(method, target, body).statusCode();
                          table
                              .append("| ")
                              .append(method + " " + path.getKey())
                              .append(" | ")
                              .append(declared ? "key" : "public")
                              .append(" | ")
                              .append(status)
                              .append(" |\n");
                          if (declared != (status == 401)) {
                            mismatches.add(
                                method
                                    + " "
                                    + path.getKey()
                                    + (declared ? " declares a key" : " declares none")
                                    + " but answers "
                                    + status
                                    + " without one");
                          }
                        }));
    System.out.println(table);

    assertThat(mismatches).isEmpty();
    assertThat(table.toString()).contains("| key |");
  }

  /** The path with its variables filled: a UUID fits every {id}, a word every other variable. */
  private static String sample(String template) {
    return template.replace("{id}", UUID.randomUUID().toString()).replaceAll("\\{[^}]+}", "x");
  }
}
