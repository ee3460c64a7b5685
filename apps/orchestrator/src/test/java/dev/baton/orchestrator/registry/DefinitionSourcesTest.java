package dev.baton.orchestrator.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.orchestrator.registry.RegistryProperties.Source;
import dev.baton.orchestrator.registry.RegistryProperties.SourceType;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefinitionSourcesTest {

  @TempDir Path base;

  @Test
  void relativeFilesystemPathIsResolvedAgainstTheBaseDirectory() {
    var source = DefinitionSources.from(new Source(SourceType.filesystem, "defs/../x", null), base);

    assertThat(source).isInstanceOf(FilesystemDefinitionSource.class);
    assertThat(source.describe()).isEqualTo(base.resolve("x").toString());
  }

  @Test
  void absoluteFilesystemPathIsKept() {
    var source = DefinitionSources.from(new Source(SourceType.filesystem, "/srv/defs", null), base);

    assertThat(source.describe()).isEqualTo("/srv/defs");
  }

  @Test
  void httpSourceUsesTheIndexUrl() {
    var source =
        DefinitionSources.from(
            new Source(SourceType.http, null, "https://example.com/index.json"), base);

    assertThat(source).isInstanceOf(HttpDefinitionSource.class);
    assertThat(source.describe()).isEqualTo("https://example.com/index.json");
  }

  @Test
  void missingSettingsAreNamed() {
    assertThatThrownBy(
            () -> DefinitionSources.from(new Source(SourceType.filesystem, " ", null), base))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a filesystem source needs a path");
    assertThatThrownBy(() -> DefinitionSources.from(new Source(SourceType.http, "x", null), base))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("an http source needs a url");
    assertThatThrownBy(() -> DefinitionSources.from(new Source(null, "x", null), base))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a type");
  }

  @Test
  void urlThatIsNotHttpIsRejected() {
    assertThatThrownBy(
            () -> DefinitionSources.from(new Source(SourceType.http, null, "ftp://x/i.json"), base))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an absolute http or https URL");
  }
}
