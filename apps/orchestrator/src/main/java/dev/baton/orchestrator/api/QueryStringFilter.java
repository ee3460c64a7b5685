package dev.baton.orchestrator.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Refuses a request whose query string cannot be decoded ({@code ?cursor=%%%garbage}, {@code %zz},
 * a lone {@code %}, bytes that are not UTF-8) or carries a NUL: {@code 400} naming each such
 * parameter, answered by {@link ProblemHandler} like every other input error. On every path, so an
 * endpoint that reads no parameter does not silently ignore a broken query and one that does never
 * meets Tomcat's decoding exception. Runs after authentication (a caller without a key still gets
 * the 401 first).
 */
@Component
class QueryStringFilter extends OncePerRequestFilter {

  private final HandlerExceptionResolver problems;

  QueryStringFilter(@Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) {
    this.problems = problems;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    var errors = QueryStrings.malformed(request.getQueryString());
    if (!errors.isEmpty()) {
      problems.resolveException(
          request,
          response,
          null,
          ProblemException.invalid("The query string has malformed parameters.", errors));
      return;
    }
    chain.doFilter(request, response);
  }
}
