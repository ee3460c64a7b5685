package dev.baton.orchestrator.api;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's own error answers as {@code application/problem+json} instead of its HTML page: the
 * errors it finds before any application code runs, such as a path that is not valid
 * percent-encoding ({@code /api/v1/tasks/%zz}) or a request line and headers over its size limit.
 * The only answers it writes are those nobody else wrote a body for.
 */
public class ProblemReportValve extends ErrorReportValve {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    // As the HTML valve: only errors, only when nothing was written, and only once.
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    var ioAllowed = new AtomicBoolean();
    response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
    if (!ioAllowed.get()) {
      return;
    }
    try {
      response.setContentType("application/problem+json");
      response.setCharacterEncoding("UTF-8");
      var writer = response.getReporter();
      if (writer != null) {
        var badPath =
            status == 400
                && (String.valueOf(response.getMessage()).startsWith("Invalid URI")
                    || !decodes(request.getRequestURI()));
        writer.write(JSON.writeValueAsString(problem(status, badPath)));
        response.finishResponse();
      }
    } catch (IOException | IllegalStateException e) {
      // The client is gone or the response was closed meanwhile: nothing left to tell.
    }
  }

  /** Whether a raw path is valid percent-encoded UTF-8 (null: no path was read at all). */
  private static boolean decodes(String rawPath) {
    return rawPath == null || QueryStrings.decode(rawPath) != null;
  }

  /**
   * The problem for a status, naming the path when it is the culprit. Tomcat's message is never
   * echoed: it may quote the input.
   */
  static Map<String, Object> problem(int status, boolean badPath) {
    var resolved = HttpStatus.resolve(status);
    var problem = new LinkedHashMap<String, Object>();
    problem.put("type", badPath ? ProblemHandler.INVALID_INPUT.toString() : "about:blank");
    problem.put(
        "title",
        badPath ? "Invalid input" : resolved == null ? "Error" : resolved.getReasonPhrase());
    problem.put("status", status);
    if (badPath) {
      problem.put(
          "detail",
          "The request path is not valid: percent-encode it as UTF-8 (write % as %25), without"
              + " encoded NUL or '/'.");
      problem.put(
          "errors",
          List.of(Map.of("field", "path", "message", "is not a valid percent-encoded path")));
    } else if (status == 400) {
      problem.put(
          "detail",
          "The server could not read the request: its request line or headers are malformed, or"
              + " larger than the server accepts (8 KB together by default).");
    } else {
      problem.put("detail", "The server refused the request before reading it (" + status + ").");
    }
    return problem;
  }
}
