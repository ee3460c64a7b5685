package dev.baton.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class TempSqliteTest {

  @Test
  void newDatabaseFileIsANotYetExistingDbFileInAFreshEmptyDirectory() throws Exception {
    var file = TempSqlite.newDatabaseFile("orders");

    assertThat(file).doesNotExist().hasFileName("orders.db");
    assertThat(file.getParent()).isDirectory();
    try (var entries = Files.list(file.getParent())) {
      assertThat(entries).isEmpty();
    }
  }

  @Test
  void everyCallGetsItsOwnDirectory() {
    var first = TempSqlite.newDatabaseFile("same");
    var second = TempSqlite.newDatabaseFile("same");

    assertThat(first.getParent()).isNotEqualTo(second.getParent());
  }

  @Test
  void namesAreMadeSafeForFiles() {
    assertThat(TempSqlite.newDatabaseFile("Orders.db")).hasFileName("Orders.db");
    assertThat(TempSqlite.newDatabaseFile("../a b/c")).hasFileName("a-b-c.db");
    assertThat(TempSqlite.newDatabaseFile(null)).hasFileName("test.db");
    assertThat(TempSqlite.newDatabaseFile("..")).hasFileName("test.db");
  }

  @Test
  void jdbcUrlNamesTheAbsoluteFile() {
    var file = TempSqlite.newDatabaseFile("urls");

    assertThat(TempSqlite.jdbcUrl(file)).isEqualTo("jdbc:sqlite:" + file.toAbsolutePath());
  }
}
