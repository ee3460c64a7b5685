package dev.baton.orchestrator.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SemanticVersionTest {

  private static SemanticVersion v(String text) {
    return SemanticVersion.parse(text);
  }

  @ParameterizedTest(name = "{0} < {1}")
  @CsvSource({
    "1.9.0, 1.10.0",
    "1.0.0, 2.0.0",
    "1.0.9, 1.1.0",
    "1.0.0-rc.1, 1.0.0",
    "1.0.0-rc.2, 1.0.0-rc.10",
    "1.0.0-alpha, 1.0.0-alpha.1",
    "1.0.0-alpha.1, 1.0.0-alpha.beta",
    "1.0.0-alpha.beta, 1.0.0-beta",
    "1.0.0-beta.11, 1.0.0-rc.1",
  })
  void ordersByPrecedence(String lower, String higher) {
    assertThat(v(lower)).isLessThan(v(higher));
    assertThat(v(higher)).isGreaterThan(v(lower));
  }

  @Test
  void buildMetadataIsIgnoredForEqualityButKeptForDisplay() {
    assertThat(v("1.2.3+build.7")).isEqualTo(v("1.2.3")).hasSameHashCodeAs(v("1.2.3"));
    assertThat(v("1.2.3+build.7").compareTo(v("1.2.3+other"))).isZero();
    assertThat(v("1.2.3+build.7")).hasToString("1.2.3+build.7");
  }

  @Test
  void printsWhatItParsed() {
    assertThat(v("1.10.0-rc.1")).hasToString("1.10.0-rc.1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1", "1.2", "one.two", "01.2.3", "1.2.3-", "1.2.3-01", "v1.2.3"})
  void rejectsWhatIsNotASemanticVersionWithAMessage(String text) {
    assertThatThrownBy(() -> v(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "' is not a semantic version");
    assertThat(SemanticVersion.isValid(text)).isFalse();
  }

  @Test
  void rejectsNullWithAMessage() {
    assertThatThrownBy(() -> v(null)).hasMessageContaining("is not a semantic version");
  }

  @Test
  void rejectsNumbersTooLarge() {
    assertThatThrownBy(() -> v("99999999999999999999.0.0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too large");
  }
}
