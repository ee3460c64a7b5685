package dev.baton.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The broker's private temporary directory: the only place it may write to. */
final class WorkDir {

  private static final Logger log = LoggerFactory.getLogger(WorkDir.class);

  private WorkDir() {}

  static Path create() {
    try {
      return Files.createTempDirectory("baton-qpid-");
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not create a work directory for the embedded broker", e);
    }
  }

  static void deleteQuietly(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    // Deepest first, so that every directory is empty by the time it is deleted.
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(WorkDir::deleteOne);
    } catch (IOException | UncheckedIOException e) {
      log.warn("Could not delete the embedded broker's work directory {}", dir, e);
    }
  }

  private static void deleteOne(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
