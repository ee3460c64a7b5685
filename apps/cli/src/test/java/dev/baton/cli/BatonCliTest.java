package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command line itself, without a server: usage errors and the help text. */
class BatonCliTest {

  private record Run(int exitCode, String out, String err) {}

  private static Run run(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    var commandLine = BatonCli.commandLine(new BatonCli(Map.of(), Path.of("/nonexistent"), false));
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return new Run(commandLine.execute(args), out.toString(), err.toString());
  }

  @Test
  void helpListsTheCommandsAndTheExitCodes() {
    var run = run("--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("submit", "watch", "import", "Exit codes:", "4   The server");
  }

  @Test
  void usageErrorsExitTwo() {
    assertThat(run().exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run("list", "--bogus").exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run("submit", "--priority", "high").exitCode()).isEqualTo(ExitCodes.USAGE);
    var noType = run("submit", "--input", "{}");
    assertThat(noType.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(noType.err()).isEqualTo("baton: submit needs --type (or --file)\n");
    var badJson = run("submit", "--type", "echo", "--input", "{oops");
    assertThat(badJson.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(badJson.err()).startsWith("baton: --input is not valid JSON");
    assertThat(run("watch").err()).contains("watch needs --tag, --type or --ids-file");
    assertThat(run("import", "/nonexistent/file.json").err())
        .isEqualTo("baton: no such file: /nonexistent/file.json\n");
  }

  @Test
  void globalOptionsMayFollowTheCommand() {
    var run = run("stats", "--server", "not a url");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("invalid server URL 'not a url' (from --server)");
  }
}
