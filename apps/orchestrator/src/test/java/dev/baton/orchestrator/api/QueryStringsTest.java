package dev.baton.orchestrator.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.orchestrator.api.ProblemHandler.FieldError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class QueryStringsTest {

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "a=1",
        "a=1&b=2&a=3",
        "a",
        "a=",
        "&&a=1&",
        "tag=team%3Asearch",
        "q=a+b",
        "q=%C3%A9%E2%98%83",
        "q=%F0%9F%98%80",
        "cursor=AQAAAZ-abc_def"
      })
  void wellFormedQueriesHaveNoErrors(String query) {
    assertThat(QueryStrings.malformed(query)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          cursor=%%%garbage        | cursor
          cursor=%zz               | cursor
          cursor=%                 | cursor
          cursor=abc%              | cursor
          cursor=%4                | cursor
          cursor=%ff               | cursor
          cursor=%C3%28            | cursor
          cursor=%ED%A0%80         | cursor
          workerId=a%00b           | workerId
          limit=5&type=%zz         | type
          %zz=1                    | %zz
          a%00=1                   | a%00
          """)
  void malformedParametersAreNamed(String query, String field) {
    assertThat(QueryStrings.malformed(query)).extracting(FieldError::field).containsExactly(field);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a=%zz&a=%zz", "a=%zz&a=1&a=%"})
  void aParameterIsNamedOnce(String query) {
    assertThat(QueryStrings.malformed(query)).extracting(FieldError::field).containsExactly("a");
  }

  @ParameterizedTest
  @CsvSource({"a+b, a b", "%41%62, Ab", "%c3%a9, é", "plain, plain"})
  void decodesAsTheContainerDoes(String raw, String decoded) {
    assertThat(QueryStrings.decode(raw)).isEqualTo(decoded);
  }

  @Test
  void unescapedBytesAreTakenAsUtf8() {
    // The container hands raw bytes over one a char: 0xC3 0xA9 is é; a lone 0xE9 is not UTF-8.
    assertThat(QueryStrings.decode("\u00c3\u00a9")).isEqualTo("é");
    assertThat(QueryStrings.decode("\u00e9")).isNull();
  }
}
