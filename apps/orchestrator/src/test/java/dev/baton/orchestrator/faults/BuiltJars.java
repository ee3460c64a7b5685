package dev.baton.orchestrator.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Finds the runnable jars the fault tests start as processes, from the project root: the first
 * directory at or above the module's {@code basedir} (set by Surefire/Failsafe) or {@code user.dir}
 * (an IDE run) that holds {@code apps/orchestrator/pom.xml}. A jar older than its module's sources
 * (or those of the libraries it bundles) is refused: a run of only this module ({@code -pl
 * apps/orchestrator}) does not rebuild the example worker, and a stale jar would test old code.
 */
final class BuiltJars {

  private static final String BUILD_HINT =
      "Build the runnable jars first, from the project root: ./mvnw -DskipTests install";

  private static final Map<String, Path> CHECKED = new ConcurrentHashMap<>();

  private BuiltJars() {}

  static Path orchestrator() {
    return fresh(
        "apps/orchestrator/target/baton-orchestrator.jar",
        "apps/orchestrator",
        "libs/baton-protocol",
        "libs/baton-embedded-broker");
  }

  static Path exampleWorker() {
    return fresh(
        "apps/example-worker/target/baton-example-worker.jar",
        "apps/example-worker",
        "libs/baton-worker",
        "libs/baton-protocol");
  }

  /** {@code apps/orchestrator/target}: where the fault tests keep their process logs. */
  static Path orchestratorTarget() {
    return projectRoot().resolve("apps/orchestrator/target");
  }

  /**
   * The jar, if it exists and no main source or pom of {@code modules} is newer. Checked once per
   * test JVM: a source edited while the tests run does not fail the later tests.
   */
  private static Path fresh(String relative, String... modules) {
    return CHECKED.computeIfAbsent(relative, r -> check(r, modules));
  }

  private static Path check(String relative, String... modules) {
    var root = projectRoot();
    var jar = root.resolve(relative);
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing. " + BUILD_HINT);
    }
    var built = modified(jar);
    for (var module : modules) {
      var sources = new ArrayList<Path>();
      sources.add(root.resolve(module).resolve("pom.xml"));
      var main = root.resolve(module).resolve("src/main");
      if (Files.isDirectory(main)) {
        try (Stream<Path> files = Files.walk(main)) {
          files.filter(Files::isRegularFile).forEach(sources::add);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      for (var source : sources) {
        if (Files.exists(source) && modified(source).isAfter(built)) {
          throw new IllegalStateException(
              jar + " is older than " + root.relativize(source) + ". " + BUILD_HINT);
        }
      }
    }
    return jar;
  }

  private static Instant modified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toInstant();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path projectRoot() {
    for (var property : new String[] {"basedir", "user.dir"}) {
      var start = System.getProperty(property);
      if (start == null) {
        continue;
      }
      for (var dir = Path.of(start).toAbsolutePath(); dir != null; dir = dir.getParent()) {
        if (Files.isRegularFile(dir.resolve("apps/orchestrator/pom.xml"))) {
          return dir;
        }
      }
    }
    throw new IllegalStateException(
        "Cannot find the Baton project root (a directory with apps/orchestrator/pom.xml) above "
            + System.getProperty("basedir")
            + " or "
            + System.getProperty("user.dir"));
  }
}
