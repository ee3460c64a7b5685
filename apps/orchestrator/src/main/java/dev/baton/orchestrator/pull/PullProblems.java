package dev.baton.orchestrator.pull;

import java.net.URI;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Problems of the pull-worker endpoints. Ordered first so that these win over the catch-all of the
 * API's general problem handler, which still answers everything else (invalid input, …).
 */
@RestControllerAdvice(assignableTypes = PullWorkerController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class PullProblems {

  static final URI REPORT_NOT_ACCEPTED =
      URI.create("https://baton.dev/problems/report-not-accepted");

  @ExceptionHandler(ReportNotAcceptedException.class)
  ProblemDetail notAccepted(ReportNotAcceptedException ex) {
    var task = ex.task();
    var problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
    problem.setType(REPORT_NOT_ACCEPTED);
    problem.setTitle("Report not accepted");
    problem.setProperty("taskId", task.id());
    problem.setProperty("taskStatus", task.status());
    problem.setProperty("currentAttempt", task.attempt());
    problem.setProperty("heldBy", task.status().isWithWorker() ? task.workerId() : null);
    return problem;
  }

  @ExceptionHandler(UnknownTaskException.class)
  ProblemDetail unknown(UnknownTaskException ex) {
    var problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
    problem.setTitle("Task not found");
    return problem;
  }
}
