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

  /**
   * Another checkout's orchestrator and example worker, to run beside this build's: its jars must
   * exist, and are taken as built (an older commit's sources may well be newer files than its jars
   * after a checkout). Labelled with the checkout's commit when git can tell it.
   */
  public static Baseline baseline(String directory) {
    var root = Path.of(directory).toAbsolutePath().normalize();
    var orchestrator = root.resolve("apps/orchestrator/target/baton-orchestrator.jar");
    var worker = root.resolve("apps/example-worker/target/baton-example-worker.jar");
    for (var jar : new Path[] {orchestrator, worker}) {
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException(
            "--baseline "
                + directory
                + ": "
                + jar
                + " is missing. Build that checkout first, in it: ./mvnw -B -q package"
                + " -DskipTests");
      }
    }
    return new Baseline(commitOf(root), root, orchestrator, worker);
  }

  /** A baseline build: what the report calls it, its checkout, and its two jars. */
  public record Baseline(String label, Path root, Path orchestrator, Path exampleWorker) {}

  private static String commitOf(Path root) {
    try {
      var git =
          new ProcessBuilder("git", "-C", root.toString(), "log", "-1", "--format=%h")
              .redirectErrorStream(true)
              .start();
      var out = new String(git.getInputStream().readAllBytes()).trim();
      if (git.waitFor() == 0 && out.matches("[0-9a-f]{4,40}")) {
        return out;
      }
    } catch (IOException e) {
      // no git here: the directory's name says which build it is
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return String.valueOf(root.getFileName());
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
