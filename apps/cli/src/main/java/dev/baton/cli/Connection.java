package dev.baton.cli;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Where the orchestrator is and how to authenticate, each resolved in the order flag, environment
 * variable ({@code BATON_URL}, {@code BATON_API_KEY}), config file (keys {@code server}, {@code
 * api-key}), default.
 *
 * @param server the base URL, without a trailing slash
 * @param apiKey sent as {@code X-API-Key}; {@code null} when none is configured
 * @param serverOrigin where {@code server} came from, for error messages ("--server", "BATON_URL",
 *     a config file path, "default")
 */
record Connection(URI server, String apiKey, String serverOrigin) {

  static final String DEFAULT_SERVER = "http://localhost:8080";
  static final String ENV_SERVER = "BATON_URL";
  static final String ENV_API_KEY = "BATON_API_KEY";
  static final String ENV_CONFIG = "BATON_CONFIG";

  /**
   * @param configFile the properties file read, or {@code null}
   * @param config its content (empty when there is none)
   */
  static Connection resolve(
      String flagServer,
      String flagApiKey,
      Map<String, String> env,
      Path configFile,
      Properties config) {
    String server;
    String origin;
    if (present(flagServer)) {
      server = flagServer;
      origin = "--server";
    } else if (present(env.get(ENV_SERVER))) {
      server = env.get(ENV_SERVER);
      origin = ENV_SERVER;
    } else if (present(config.getProperty("server"))) {
      server = config.getProperty("server");
      origin = "'server' in " + configFile;
    } else {
      server = DEFAULT_SERVER;
      origin = "the default";
    }
    String apiKey = null;
    for (var candidate :
        new String[] {flagApiKey, env.get(ENV_API_KEY), config.getProperty("api-key")}) {
      if (present(candidate)) {
        apiKey = candidate.trim();
        break;
      }
    }
    return new Connection(parseServer(server.trim(), origin), apiKey, origin);
  }

  /**
   * The config file to read: {@code --config} if given (it must exist), else {@code BATON_CONFIG},
   * else {@code $XDG_CONFIG_HOME/baton/config.properties} or {@code
   * ~/.config/baton/config.properties} if it exists; {@code null} when there is none.
   */
  static Path configFile(Path flagConfig, Map<String, String> env, Path home) {
    if (flagConfig != null) {
      return flagConfig;
    }
    if (present(env.get(ENV_CONFIG))) {
      return Path.of(env.get(ENV_CONFIG));
    }
    var xdg = env.get("XDG_CONFIG_HOME");
    var base = present(xdg) ? Path.of(xdg) : home.resolve(".config");
    var file = base.resolve("baton").resolve("config.properties");
    return Files.isRegularFile(file) ? file : null;
  }

  /**
   * The properties of {@code file}; an explicitly named file that cannot be read is a usage error.
   */
  static Properties load(Path file) {
    var properties = new Properties();
    if (file == null) {
      return properties;
    }
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
      return properties;
    } catch (IOException e) {
      throw CliException.usage("cannot read config file " + file + ": " + e);
    }
  }

  private static URI parseServer(String server, String origin) {
    try {
      var uri = new URI(server.replaceAll("/+$", ""));
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
          || uri.getHost() == null) {
        throw new URISyntaxException(server, "expected http://host[:port]");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw CliException.usage(
          "invalid server URL '" + server + "' (from " + origin + "): " + e.getReason());
    }
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }
}
