package dev.baton.orchestrator.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.baton.orchestrator.registry.LoadProblem.Severity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemDefinitionSourceTest {

  @TempDir Path temp;

  @Test
  void sampleRegistryLoadsEveryDefinitionAndReportsTheOneBrokenOne() {
    var samples = repoRoot().resolve("examples/definitions");

    var loaded = new FilesystemDefinitionSource(samples).load();

    assertThat(loaded.definitions())
        .extracting(TaskDefinition::type, d -> d.version().toString())
        .containsExactly(
            tuple("fail", "1.0.0"),
            tuple("echo", "2.0.0"),
            tuple("sleep", "1.10.0"),
            tuple("sleep", "1.9.0"),
            tuple("echo", "1.0.0"),
            tuple("sha256", "1.0.0"));
    assertThat(loaded.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.severity()).isEqualTo(Severity.ERROR);
              assertThat(p.source()).isEqualTo(samples.toString());
              assertThat(p.location()).endsWith("examples/definitions/broken/definition.yaml");
              assertThat(p.message())
                  .isEqualTo(
                      "2 problems: unknown field 'lable' (known: concurrencyLimit, defaults,"
                          + " description, inputSchema, label, outputSchema, type, version);"
                          + " version 'one.two' is not a semantic version (MAJOR.MINOR.PATCH,"
                          + " e.g. 1.4.0)");
            });
  }

  @Test
  void sampleZipDefinitionCarriesItsSchemaFilesAndZipLocation() {
    var samples = repoRoot().resolve("examples/definitions");

    var sha256 =
        new FilesystemDefinitionSource(samples)
            .load().definitions().stream()
                .filter(d -> d.type().equals("sha256"))
                .findFirst()
                .orElseThrow();

    assertThat(sha256.source()).isEqualTo(samples + "/sha256.zip!/definition.yaml");
    assertThat(sha256.inputSchema().get("required").get(0).stringValue()).isEqualTo("text");
    assertThat(JsonSchemas.validate(sha256.inputSchema(), json("{\"text\": 5}")))
        .extracting(JsonSchemas.Violation::pointer)
        .containsExactly("/text");
  }

  @Test
  void singleDefinitionDirectory() throws IOException {
    var dir = write(temp.resolve("echo"), Map.of("definition.yml", definition("echo", "1.0.0")));

    var loaded = new FilesystemDefinitionSource(dir).load();

    assertThat(loaded.problems()).isEmpty();
    assertThat(loaded.definitions())
        .singleElement()
        .extracting(TaskDefinition::source)
        .isEqualTo(dir + "/definition.yml");
  }

  @Test
  void schemaFilesAreReadFromBesideTheDefinition() throws IOException {
    var dir =
        write(
            temp.resolve("sleep"),
            Map.of(
                "definition.yaml",
                definition("sleep", "1.0.0") + "inputSchema: schemas/in.json\n",
                "schemas/in.json",
                "{\"required\": [\"ms\"]}"));

    var loaded = new FilesystemDefinitionSource(dir).load();

    assertThat(loaded.definitions().get(0).inputSchema().get("required").get(0).stringValue())
        .isEqualTo("ms");
  }

  @Test
  void schemaFileOutsideTheDefinitionFolderIsRefused() throws IOException {
    write(temp, Map.of("secret.json", "{}"));
    var dir =
        write(
            temp.resolve("d"),
            Map.of("definition.yaml", definition("t", "1.0.0") + "inputSchema: ../secret.json\n"));

    var loaded = new FilesystemDefinitionSource(dir).load();

    assertThat(loaded.definitions()).isEmpty();
    assertThat(loaded.problems())
        .singleElement()
        .extracting(LoadProblem::message)
        .asString()
        .contains("outside the definition's folder");
  }

  @Test
  void singleZipWithTheDefinitionAtItsRoot() throws IOException {
    var zip =
        zip(
            temp.resolve("sha.zip"),
            Map.of(
                "definition.yaml",
                definition("sha256", "1.0.0") + "inputSchema: in.json\n",
                "in.json",
                "{\"type\": \"object\"}"));

    var loaded = new FilesystemDefinitionSource(zip).load();

    assertThat(loaded.problems()).isEmpty();
    assertThat(loaded.definitions())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.source()).isEqualTo(zip + "!/definition.yaml");
              assertThat(d.inputSchema().get("type").stringValue()).isEqualTo("object");
            });
  }

  @Test
  void zipWithTheDefinitionInOneFolder() throws IOException {
    var zip =
        zip(temp.resolve("one.zip"), Map.of("sha/definition.yaml", definition("sha", "2.0.0")));

    var loaded = new FilesystemDefinitionSource(zip).load();

    assertThat(loaded.definitions())
        .singleElement()
        .extracting(TaskDefinition::source)
        .isEqualTo(zip + "!/sha/definition.yaml");
  }

  @Test
  void zipHoldingSeveralDefinitions() throws IOException {
    var zip =
        zip(
            temp.resolve("many.zip"),
            Map.of(
                "b/definition.yaml",
                definition("b", "1.0.0"),
                "a/x/definition.json",
                "{\"type\": \"a\", \"version\": \"1.0.0\"}"));

    var loaded = new FilesystemDefinitionSource(zip).load();

    assertThat(loaded.definitions()).extracting(TaskDefinition::type).containsExactly("a", "b");
  }

  @Test
  void corruptZipIsOneErrorAndTheRestLoads() throws IOException {
    write(temp, Map.of("bad.zip", "not a zip", "ok/definition.yaml", definition("ok", "1.0.0")));

    var loaded = new FilesystemDefinitionSource(temp).load();

    assertThat(loaded.definitions()).extracting(TaskDefinition::type).containsExactly("ok");
    assertThat(loaded.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.location()).isEqualTo(temp + "/bad.zip");
              assertThat(p.message()).startsWith("cannot read the zip file");
            });
  }

  @Test
  void missingPathIsOneError() {
    var missing = temp.resolve("nowhere");

    var loaded = new FilesystemDefinitionSource(missing).load();

    assertThat(loaded.definitions()).isEmpty();
    assertThat(loaded.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.severity()).isEqualTo(Severity.ERROR);
              assertThat(p.location()).isEqualTo(missing.toString());
              assertThat(p.message()).contains("no such file or directory").contains("nowhere");
            });
  }

  @Test
  void nestedDirectoriesAreSearchedButNotInsideADefinition() throws IOException {
    write(
        temp,
        Map.of(
            "a/b/c/definition.yaml", definition("deep", "1.0.0"),
            "a/outer/definition.yaml", definition("outer", "1.0.0"),
            "a/outer/inner/definition.yaml", definition("inner", "1.0.0"),
            "a/notes.txt", "not a definition",
            ".hidden/definition.yaml", definition("hidden", "1.0.0")));

    var loaded = new FilesystemDefinitionSource(temp).load();

    assertThat(loaded.problems()).isEmpty();
    assertThat(loaded.definitions())
        .extracting(TaskDefinition::type)
        .containsExactly("deep", "outer");
  }

  @Test
  void badDefinitionIsAnErrorAndLoadingGoesOn() throws IOException {
    write(
        temp,
        Map.of("a/definition.yaml", "type: a\n", "b/definition.yaml", definition("b", "1.0.0")));

    var loaded = new FilesystemDefinitionSource(temp).load();

    assertThat(loaded.definitions()).extracting(TaskDefinition::type).containsExactly("b");
    assertThat(loaded.problems())
        .extracting(LoadProblem::severity, LoadProblem::location, LoadProblem::message)
        .containsExactly(tuple(Severity.ERROR, temp + "/a/definition.yaml", "version is required"));
  }

  @Test
  void twoDefinitionFilesInOneFolderIsAWarningAndTheYamlWins() throws IOException {
    var dir =
        write(
            temp.resolve("d"),
            Map.of(
                "definition.yaml",
                definition("yaml", "1.0.0"),
                "definition.json",
                "{\"type\": \"json\", \"version\": \"1.0.0\"}"));

    var loaded = new FilesystemDefinitionSource(dir).load();

    assertThat(loaded.definitions()).extracting(TaskDefinition::type).containsExactly("yaml");
    assertThat(loaded.problems())
        .extracting(LoadProblem::severity)
        .containsExactly(Severity.WARNING);
  }

  @Test
  void zipEntryInflatingPastTheSizeLimitIsOneErrorAndTheRestLoads() throws IOException {
    // 64 MiB of zeros deflate to a few hundred kilobytes: a zip bomb in small.
    var zip = temp.resolve("bomb.zip");
    try (var out = new ZipOutputStream(Files.newOutputStream(zip))) {
      out.setLevel(java.util.zip.Deflater.BEST_SPEED);
      out.putNextEntry(new ZipEntry("bomb/definition.yaml"));
      var zeros = new byte[1 << 20];
      for (int i = 0; i < 64; i++) {
        out.write(zeros);
      }
      out.closeEntry();
      out.putNextEntry(new ZipEntry("ok/definition.yaml"));
      out.write(definition("ok", "1.0.0").getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }

    var loaded = new FilesystemDefinitionSource(zip).load();

    assertThat(loaded.definitions()).extracting(TaskDefinition::type).containsExactly("ok");
    assertThat(loaded.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.severity()).isEqualTo(Severity.ERROR);
              assertThat(p.location()).isEqualTo(zip + "!/bomb/definition.yaml");
              assertThat(p.message())
                  .contains("larger than 1 MiB")
                  .contains("baton.registry.max-document-size");
            });
  }

  @Test
  void zipWithMoreEntriesThanTheLimitIsOneErrorAndIsNotSearched() throws IOException {
    var zip = temp.resolve("crowded.zip");
    try (var out = new ZipOutputStream(Files.newOutputStream(zip))) {
      out.putNextEntry(new ZipEntry("definition.yaml"));
      out.write(definition("crowded", "1.0.0").getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
      for (int i = 0; i < 10_000; i++) {
        out.putNextEntry(new ZipEntry("filler/" + i + ".txt"));
        out.closeEntry();
      }
    }

    var loaded = new FilesystemDefinitionSource(zip).load();

    assertThat(loaded.definitions()).isEmpty();
    assertThat(loaded.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.location()).isEqualTo(zip.toString());
              assertThat(p.message())
                  .contains("10001 entries")
                  .contains("baton.registry.max-entries");
            });
  }

  @Test
  void zipWhoseEntriesTogetherInflatePastTheLimitStopsLoadingWithOneError() throws IOException {
    // Each definition is under the size of one document, together they are over the source's.
    var limits = new SourceLimits(64 * 1024, 100, 1024 * 1024);
    var zip = temp.resolve("heavy.zip");
    var padding = "#" + "x".repeat(60 * 1024) + "\n";
    try (var out = new ZipOutputStream(Files.newOutputStream(zip))) {
      for (int i = 0; i < 20; i++) {
        out.putNextEntry(new ZipEntry("t%02d/definition.yaml".formatted(i)));
        out.write((definition("t" + i, "1.0.0") + padding).getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }

    var loaded = new FilesystemDefinitionSource(zip, limits).load();

    // 17 documents of 60 KiB fit in 1 MiB; the 18th does not, and loading stops there.
    assertThat(loaded.definitions()).hasSize(17);
    assertThat(loaded.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.location()).isEqualTo(zip + "!/t17/definition.yaml");
              assertThat(p.message())
                  .contains("more than 1 MiB")
                  .contains("baton.registry.max-source-size");
            });
  }

  @Test
  void theLimitsComeFromTheConfiguration() throws IOException {
    var dir =
        write(
            temp.resolve("small"),
            Map.of("definition.yaml", definition("small", "1.0.0") + "#" + "x".repeat(2_000)));

    var loaded = new FilesystemDefinitionSource(dir, new SourceLimits(1024, 10, 4096)).load();

    assertThat(loaded.definitions()).isEmpty();
    assertThat(loaded.problems())
        .singleElement()
        .extracting(LoadProblem::message)
        .asString()
        .contains("larger than 1 KiB (baton.registry.max-document-size)");
  }

  static String definition(String type, String version) {
    return "type: %s\nversion: %s\n".formatted(type, version);
  }

  /** Writes files (name → content) under dir, creating folders; returns dir. */
  static Path write(Path dir, Map<String, String> files) throws IOException {
    for (var file : new TreeMap<>(files).entrySet()) {
      var target = dir.resolve(file.getKey());
      Files.createDirectories(target.getParent());
      Files.writeString(target, file.getValue());
    }
    return dir;
  }

  static Path zip(Path zip, Map<String, String> files) throws IOException {
    try (var out = new ZipOutputStream(Files.newOutputStream(zip))) {
      for (var file : new TreeMap<>(files).entrySet()) {
        out.putNextEntry(new ZipEntry(file.getKey()));
        out.write(file.getValue().getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
    return zip;
  }

  /** The checkout's root: the nearest folder above the working directory holding examples/. */
  static Path repoRoot() {
    for (var dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("examples/definitions"))) {
        return dir;
      }
    }
    throw new UncheckedIOException(
        new IOException("no examples/definitions above the working dir"));
  }

  private static tools.jackson.databind.JsonNode json(String text) {
    return tools.jackson.databind.json.JsonMapper.builder().build().readTree(text);
  }
}
