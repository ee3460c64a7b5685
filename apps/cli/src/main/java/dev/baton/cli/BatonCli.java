package dev.baton.cli;

import dev.baton.protocol.ProtocolCodec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code baton}: the command-line client of the orchestrator's REST API. The global options are
 * inherited, so they may stand before or after the command ({@code baton --json list} or {@code
 * baton list --json}).
 */
@Command(
    name = "baton",
    version = "baton CLI 0.1.0 (Baton protocol v1)",
    description = "Submit, inspect and manage the tasks of a Baton orchestrator.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {
      SubmitCommand.class,
      ListCommand.class,
      GetCommand.class,
      EventsCommand.class,
      StatsCommand.class,
      WatchCommand.class,
      CancelCommand.class,
      RetryCommand.class,
      WorkersCommand.class,
      DefinitionsCommand.class,
      ImportCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:The command did what was asked.",
      "1:Negative outcome: watch saw FAILED/CANCELLED tasks or timed out; import refused records.",
      "2:Usage error: bad options or arguments, unreadable input file.",
      "3:The server refused the request (4xx): bad input, unknown id, conflict.",
      "4:The server failed (5xx) or could not be reached."
    },
    footerHeading = "%nConfiguration:%n",
    footer = {
      "Server URL: --server, else BATON_URL, else 'server' in the config file, else "
          + Connection.DEFAULT_SERVER
          + ".",
      "API key (sent as X-API-Key): --api-key, else BATON_API_KEY, else 'api-key' in the config"
          + " file.",
      "Config file: --config FILE, else BATON_CONFIG, else ~/.config/baton/config.properties"
          + " (or $XDG_CONFIG_HOME/baton/config.properties) when it exists."
    })
public final class BatonCli implements Callable<Integer> {

  @Option(
      names = "--server",
      scope = ScopeType.INHERIT,
      paramLabel = "URL",
      description =
          "Orchestrator base URL (env BATON_URL; default " + Connection.DEFAULT_SERVER + ")")
  String server;

  @Option(
      names = "--api-key",
      scope = ScopeType.INHERIT,
      paramLabel = "KEY",
      description = "API key, sent as X-API-Key (env BATON_API_KEY)")
  String apiKey;

  @Option(
      names = "--config",
      scope = ScopeType.INHERIT,
      paramLabel = "FILE",
      description = "Properties file with 'server' and 'api-key' (env BATON_CONFIG)")
  Path config;

  @Option(
      names = "--json",
      scope = ScopeType.INHERIT,
      description = "Print the server's JSON instead of tables")
  boolean json;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      scope = ScopeType.INHERIT,
      description = "Show this help and exit")
  boolean help;

  @Option(
      names = {"-V", "--version"},
      versionHelp = true,
      description = "Show the CLI's version and exit")
  boolean version;

  @Spec CommandSpec spec;

  private final Map<String, String> env;
  private final Path home;
  private final boolean terminal;
  // Jackson's own read limits, not the codec's message limits: responses wrap stored inputs and
  // results (already bounded by the orchestrator) in a few more levels than a message does.
  private final JsonMapper mapper = new ProtocolCodec(StreamReadConstraints.defaults()).mapper();
  private BatonClient client;

  /** The CLI as {@code main} runs it: the process environment, the user's home, a console. */
  public BatonCli() {
    this(System.getenv(), Path.of(System.getProperty("user.home")), System.console() != null);
  }

  /**
   * @param env the environment variables to read ({@code BATON_URL}, …)
   * @param home the home directory holding {@code .config/baton/config.properties}
   * @param terminal whether output goes to a terminal (live progress lines redraw in place)
   */
  BatonCli(Map<String, String> env, Path home, boolean terminal) {
    this.env = Map.copyOf(env);
    this.home = home;
    this.terminal = terminal;
  }

  public static void main(String[] args) {
    System.exit(commandLine(new BatonCli()).execute(args));
  }

  /** The configured picocli command: errors become messages and {@link ExitCodes}. */
  static CommandLine commandLine(BatonCli cli) {
    var commandLine = new CommandLine(cli);
    commandLine.setExecutionExceptionHandler(
        (exception, command, parseResult) -> {
          var err = command.getErr();
          if (exception instanceof CliException failure) {
            err.println("baton: " + failure.getMessage());
            err.flush();
            return failure.exitCode();
          }
          err.println("baton: internal error: " + exception);
          err.flush();
          return ExitCodes.INTERNAL;
        });
    return commandLine;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  /** The REST client, built on first use from the resolved server URL and API key. */
  BatonClient client() {
    if (client == null) {
      var file = Connection.configFile(config, env, home);
      var connection = Connection.resolve(server, apiKey, env, file, Connection.load(file));
      client = new BatonClient(connection, mapper);
    }
    return client;
  }

  JsonMapper mapper() {
    return mapper;
  }

  boolean json() {
    return json;
  }

  boolean terminal() {
    return terminal;
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  void printJson(JsonNode node) {
    out().println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(node));
    out().flush();
  }

  void print(String text) {
    out().print(text);
    out().flush();
  }
}
