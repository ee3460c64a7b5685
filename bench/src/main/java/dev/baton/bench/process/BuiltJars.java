package dev.baton.bench.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The runnable jars the harness starts, found from the project root. A jar older than its module's
 * sources is refused: benchmarking old code by accident is worse than failing.
 */
public final class BuiltJars {

  private static final String BUILD_HINT =
      "Build first, from the project root: ./mvnw -B -q package -DskipTests";

  private BuiltJars() {}

  public static Path orchestrator(Path root) {
    return fresh(root, "apps/orchestrator/target/baton-orchestrator.jar", "apps/orchestrator");
  }

  public static Path exampleWorker(Path root) {
    return fresh(
        root,
        "apps/example-worker/target/baton-example-worker.jar",
        "apps/example-worker",
        "libs/baton-worker");
  }

  /** The first directory at or above the working directory that holds apps/orchestrator/pom.xml. */
  public static Path projectRoot() {
    for (var dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("apps/orchestrator/pom.xml"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "Run the harness from the Baton project root (no apps/orchestrator/pom.xml above "
            + Path.of("").toAbsolutePath()
            + ")");
  }

  private static Path fresh(Path root, String relative, String... modules) {
    var jar = root.resolve(relative);
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing. " + BUILD_HINT);
    }
    var built = modified(jar);
    for (var module : modules) {
      var main = root.resolve(module).resolve("src/main");
      try (Stream<Path> files = Files.walk(main)) {
        var newer = files.filter(Files::isRegularFile).filter(f -> modified(f) > built).findFirst();
        if (newer.isPresent()) {
          throw new IllegalStateException(
              jar + " is older than " + root.relativize(newer.get()) + ". " + BUILD_HINT);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return jar;
  }

  private static long modified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
