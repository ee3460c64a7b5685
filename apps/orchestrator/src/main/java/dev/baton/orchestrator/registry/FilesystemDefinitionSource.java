package dev.baton.orchestrator.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * Definitions in a directory or zip file: one definition directory (holding a {@code
 * definition.yaml}, {@code .yml} or {@code .json}), a {@code .zip} of one or several, or a
 * directory holding any number of both, searched recursively in name order. A definition directory
 * is not searched further inside: its subfolders belong to it (schema files, for instance).
 *
 * <p>What a load reads is bounded by {@link SourceLimits}: each file is read only up to the
 * document limit (a zip entry is inflated no further), a zip with too many entries is not searched,
 * and once the source as a whole reaches its limit loading stops there.
 */
public final class FilesystemDefinitionSource implements DefinitionSource {

  // Guards against symbolic-link loops; no sane registry nests this deep.
  private static final int MAX_DEPTH = 32;

  private final Path path;
  private final SourceLimits limits;

  public FilesystemDefinitionSource(Path path) {
    this(path, SourceLimits.DEFAULTS);
  }

  public FilesystemDefinitionSource(Path path, SourceLimits limits) {
    this.path = path;
    this.limits = limits;
  }

  @Override
  public String describe() {
    return path.toString();
  }

  @Override
  public Loaded load() {
    var result = new Result(describe(), new ReadBudget(limits));
    try {
      visit(result);
    } catch (ReadBudget.SourceTooLargeException e) {
      result.error(result.lastRead, e.getMessage());
    }
    return new Loaded(result.definitions, result.problems);
  }

  private void visit(Result result) {
    if (!Files.exists(path)) {
      result.error(
          describe(),
          "no such file or directory: %s; check baton.registry.sources[].path (a relative path is"
                  .formatted(path.toAbsolutePath())
              + " resolved against the orchestrator's working directory)");
    } else if (Files.isDirectory(path)) {
      visitDirectory(path, describe(), 0, result);
    } else if (isZip(path)) {
      visitZip(path, describe(), result);
    } else if (DefinitionParser.isDefinitionFile(name(path))) {
      loadDefinition(path, describe(), result);
    } else {
      result.error(describe(), "not a directory, a .zip file or a definition file");
    }
  }

  private void visitDirectory(Path dir, String display, int depth, Result result) {
    var definitionFile = definitionFileIn(dir, display, result);
    if (definitionFile.isPresent()) {
      loadDefinition(definitionFile.get(), display + "/" + name(definitionFile.get()), result);
      return;
    }
    if (depth >= MAX_DEPTH) {
      result.error(display, "nested deeper than %d folders; not searched".formatted(MAX_DEPTH));
      return;
    }
    for (var child : sortedChildren(dir, display, result)) {
      var childDisplay = display + "/" + name(child);
      if (name(child).startsWith(".")) {
        continue; // hidden files and folders (.git, .DS_Store) are never definitions
      } else if (Files.isDirectory(child)) {
        visitDirectory(child, childDisplay, depth + 1, result);
      } else if (isZip(child)) {
        visitZip(child, childDisplay, result);
      }
    }
  }

  private void visitZip(Path zip, String display, Result result) {
    if (zip.getFileSystem() != FileSystems.getDefault()) {
      result.warning(display, "a zip file inside a zip file is not searched");
      return;
    }
    try (var entries = new ZipFile(zip.toFile())) {
      // The central directory says how many entries there are before any is searched.
      if (entries.size() > limits.maxEntries()) {
        result.error(
            display,
            "holds %d entries, more than the limit of %d (baton.registry.max-entries); not searched"
                .formatted(entries.size(), limits.maxEntries()));
        return;
      }
    } catch (IOException | RuntimeException e) {
      result.error(display, "cannot read the zip file: " + reason(e));
      return;
    }
    try (var fs = FileSystems.newFileSystem(zip)) {
      // Entries read as "<zip>!/<entry>", the way jar URLs name them.
      visitDirectory(fs.getPath("/"), display + "!", 1, result);
    } catch (ReadBudget.SourceTooLargeException e) {
      throw e; // the whole source stops, not only this zip
    } catch (IOException | RuntimeException e) {
      result.error(display, "cannot read the zip file: " + reason(e));
    }
  }

  /** The definition file of {@code dir}, if it is a definition directory. */
  private Optional<Path> definitionFileIn(Path dir, String display, Result result) {
    var found =
        DefinitionParser.FILE_NAMES.stream()
            .map(dir::resolve)
            .filter(Files::isRegularFile)
            .toList();
    if (found.size() > 1) {
      result.warning(
          display,
          "holds %s; only %s is read"
              .formatted(
                  found.stream().map(FilesystemDefinitionSource::name).toList(),
                  name(found.get(0))));
    }
    return found.stream().findFirst();
  }

  private void loadDefinition(Path file, String display, Result result) {
    var dir = file.getParent();
    try {
      result.lastRead = display;
      var bytes = read(file, result.budget);
      result.definitions.add(
          DefinitionParser.parse(
              bytes, display, display, name -> readBeside(dir, name, result.budget)));
    } catch (DefinitionException e) {
      result.error(display, e.details());
    } catch (IOException e) {
      result.error(display, "cannot read the file: " + reason(e));
    }
  }

  /** A file the definition names, which must lie inside its directory. */
  private static Optional<byte[]> readBeside(Path dir, String name, ReadBudget budget) {
    Path file;
    try {
      file = dir.resolve(name).normalize();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("'" + name + "' is not a file name");
    }
    if (!file.startsWith(dir.normalize())) {
      throw new IllegalArgumentException("'" + name + "' lies outside the definition's folder");
    }
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(read(file, budget));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read '" + name + "': " + reason(e), e);
    }
  }

  /** A file, read no further than the budget allows (a zip entry is inflated as it is read). */
  private static byte[] read(Path file, ReadBudget budget) throws IOException {
    try (var in = Files.newInputStream(file)) {
      return budget.read(in);
    }
  }

  private static List<Path> sortedChildren(Path dir, String display, Result result) {
    try (Stream<Path> children = Files.list(dir)) {
      return children.sorted((a, b) -> name(a).compareTo(name(b))).toList();
    } catch (IOException e) {
      result.error(display, "cannot list the folder: " + reason(e));
      return List.of();
    }
  }

  private static boolean isZip(Path p) {
    return Files.isRegularFile(p) && name(p).toLowerCase().endsWith(".zip");
  }

  /** The last name of a path, without the trailing slash zip file systems give folders. */
  private static String name(Path p) {
    var fileName = p.getFileName();
    return fileName == null ? "" : fileName.toString().replace("/", "");
  }

  private static String reason(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** What the walk found. */
  private static final class Result {
    final String source;
    final ReadBudget budget;
    final List<TaskDefinition> definitions = new ArrayList<>();
    final List<LoadProblem> problems = new ArrayList<>();

    /** Where reading was when the budget ran out: the error's location. */
    String lastRead;

    Result(String source, ReadBudget budget) {
      this.source = source;
      this.budget = budget;
      this.lastRead = source;
    }

    void error(String location, String message) {
      problems.add(LoadProblem.error(source, location, message));
    }

    void warning(String location, String message) {
      problems.add(LoadProblem.warning(source, location, message));
    }
  }
}
