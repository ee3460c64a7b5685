package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionTest {

  private static final Path FILE = Path.of("/etc/baton.properties");

  private static Properties file(String server, String apiKey) {
    var properties = new Properties();
    if (server != null) {
      properties.setProperty("server", server);
    }
    if (apiKey != null) {
      properties.setProperty("api-key", apiKey);
    }
    return properties;
  }

  @Test
  void flagWinsOverEnvironmentFileAndDefault() {
    var connection =
        Connection.resolve(
            "http://flag:1",
            "flag-key",
            Map.of("BATON_URL", "http://env:2", "BATON_API_KEY", "env-key"),
            FILE,
            file("http://file:3", "file-key"));

    assertThat(connection.server()).hasToString("http://flag:1");
    assertThat(connection.apiKey()).isEqualTo("flag-key");
    assertThat(connection.serverOrigin()).isEqualTo("--server");
  }

  @Test
  void environmentWinsOverFile() {
    var connection =
        Connection.resolve(
            null,
            null,
            Map.of("BATON_URL", "http://env:2/", "BATON_API_KEY", "env-key"),
            FILE,
            file("http://file:3", "file-key"));

    assertThat(connection.server()).hasToString("http://env:2");
    assertThat(connection.apiKey()).isEqualTo("env-key");
    assertThat(connection.serverOrigin()).isEqualTo("BATON_URL");
  }

  @Test
  void fileWinsOverDefault() {
    var connection =
        Connection.resolve(null, null, Map.of(), FILE, file("https://file:3", "file-key"));

    assertThat(connection.server()).hasToString("https://file:3");
    assertThat(connection.apiKey()).isEqualTo("file-key");
    assertThat(connection.serverOrigin()).contains("/etc/baton.properties");
  }

  @Test
  void defaultsToLocalhostWithoutApiKey() {
    var connection =
        Connection.resolve(null, "  ", Map.of("BATON_URL", ""), null, file(null, null));

    assertThat(connection.server()).hasToString("http://localhost:8080");
    assertThat(connection.apiKey()).isNull();
  }

  @Test
  void aServerThatIsNotAnHttpUrlIsAUsageError() {
    assertThatThrownBy(
            () -> Connection.resolve("localhost:8080", null, Map.of(), null, new Properties()))
        .isInstanceOfSatisfying(
            CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE))
        .hasMessageContaining("invalid server URL 'localhost:8080' (from --server)");
  }

  @Test
  void configFileIsTheFlagThenBatonConfigThenTheUsersFileWhenItExists(@TempDir Path home)
      throws Exception {
    assertThat(Connection.configFile(null, Map.of(), home)).isNull();

    var users = home.resolve(".config/baton/config.properties");
    Files.createDirectories(users.getParent());
    Files.writeString(users, "server=http://from-file:9\napi-key=k\n");
    assertThat(Connection.configFile(null, Map.of(), home)).isEqualTo(users);
    assertThat(Connection.load(users).getProperty("server")).isEqualTo("http://from-file:9");

    var other = Path.of("/x/other.properties");
    assertThat(Connection.configFile(null, Map.of("BATON_CONFIG", other.toString()), home))
        .isEqualTo(other);
    assertThat(Connection.configFile(FILE, Map.of("BATON_CONFIG", other.toString()), home))
        .isEqualTo(FILE);
  }

  @Test
  void aNamedConfigFileThatCannotBeReadIsAUsageError(@TempDir Path dir) {
    assertThatThrownBy(() -> Connection.load(dir.resolve("missing.properties")))
        .isInstanceOfSatisfying(
            CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE));
  }
}
