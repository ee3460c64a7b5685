package dev.baton.orchestrator.faults;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the runnable jars the fault tests start as processes, from the project root: the first
 * directory at or above the module's {@code basedir} (set by Surefire/Failsafe) or {@code user.dir}
 * (an IDE run) that holds {@code apps/orchestrator/pom.xml}.
 */
final class BuiltJars {

  private static final String BUILD_HINT =
      "Build the runnable jars first, from the project root: ./mvnw -DskipTests install";

  private BuiltJars() {}

  static Path orchestrator() {
    return existing("apps/orchestrator/target/baton-orchestrator.jar");
  }

  static Path exampleWorker() {
    return existing("apps/example-worker/target/baton-example-worker.jar");
  }

  /** {@code apps/orchestrator/target}: where the fault tests keep their process logs. */
  static Path orchestratorTarget() {
    return projectRoot().resolve("apps/orchestrator/target");
  }

  private static Path existing(String relative) {
    var jar = projectRoot().resolve(relative);
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing. " + BUILD_HINT);
    }
    return jar;
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
