package dev.baton.orchestrator.api;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URISyntaxException;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /error}, where the container sends errors raised outside any controller (a filter's {@code
 * sendError}, an exception escaping the filter chain): answered {@code application/problem+json}
 * like every other error, instead of Boot's own JSON shape or its whitelabel page. Says nothing
 * about the cause beyond the status: it may quote anything.
 */
@Hidden
@RestController
class ErrorProblemController implements ErrorController {

  @RequestMapping("${server.error.path:/error}")
  ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
    var status = HttpStatus.resolve(statusOf(request));
    if (status == null || !status.isError()) {
      status = HttpStatus.INTERNAL_SERVER_ERROR;
    }
    var problem = ProblemDetail.forStatusAndDetail(status, detail(status));
    problem.setTitle(status.is5xxServerError() ? "Internal error" : status.getReasonPhrase());
    // Else Spring would fill in /error, where the client never went.
    problem.setInstance(instance(request));
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }

  private static URI instance(HttpServletRequest request) {
    if (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String path) {
      try {
        return new URI(path);
      } catch (URISyntaxException e) {
        // a path the container let through but java.net.URI refuses: leave it out
      }
    }
    return URI.create("about:blank");
  }

  private static int statusOf(HttpServletRequest request) {
    var status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    return status instanceof Integer code ? code : 500;
  }

  private static String detail(HttpStatus status) {
    if (status.is5xxServerError()) {
      return "The server failed to handle the request; the error is in its log.";
    }
    if (status == HttpStatus.BAD_REQUEST) {
      return "The request is malformed.";
    }
    return status.getReasonPhrase() + ".";
  }
}
