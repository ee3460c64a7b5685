package dev.baton.orchestrator.api;

import java.util.List;
import java.util.Locale;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * The errors found before a controller runs are problems too: Tomcat's (a path that is not valid
 * percent-encoding, an oversized request head), Spring Security's firewall ({@code //}, {@code ..},
 * {@code ;} in a path), and whatever reaches {@code /error} (see {@link ErrorProblemController}).
 */
@Configuration(proxyBeanMethods = false)
class ContainerErrorConfiguration {

  /**
   * Puts {@link ProblemReportValve} in place of Tomcat's HTML error page. Runs after Boot's
   * customizer, which adds a plain {@link ErrorReportValve}: that one is removed, and the host is
   * told the class of ours so it adds no default one at start-up.
   */
  @Bean
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
    return factory ->
        factory.addContextCustomizers(
            context -> {
              if (!(context.getParent() instanceof StandardHost host)) {
                return;
              }
              for (var valve : host.getPipeline().getValves()) {
                if (valve instanceof ErrorReportValve) {
                  host.getPipeline().removeValve(valve);
                }
              }
              host.setErrorReportValveClass(ProblemReportValve.class.getName());
              host.getPipeline().addValve(new ProblemReportValve());
            });
  }

  /** A request the firewall refuses is a 400 naming what is wrong with it, as any input error. */
  @Bean
  RequestRejectedHandler problemForRejectedRequests(
      @Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) {
    return (request, response, rejected) ->
        problems.resolveException(request, response, null, invalid(rejected));
  }

  /** Which part of the request the firewall refused, without echoing it (it may be anything). */
  static ProblemException invalid(RequestRejectedException rejected) {
    var reason = String.valueOf(rejected.getMessage()).toLowerCase(Locale.ROOT);
    if (reason.contains("header")) {
      return ProblemException.invalid(
          "The request was refused: a header has a character that is not allowed.",
          List.of(new ProblemHandler.FieldError("headers", "must not contain control characters")));
    }
    if (reason.contains("method")) {
      return ProblemException.invalid(
          "The request was refused: its HTTP method is not one the server knows.",
          List.of(new ProblemHandler.FieldError("method", "must be a standard HTTP method")));
    }
    if (reason.contains("host")) {
      return ProblemException.invalid(
          "The request was refused: its Host is not allowed.",
          List.of(new ProblemHandler.FieldError("host", "is not allowed")));
    }
    return ProblemException.invalid(
        "The request was refused: its path is not in normal form.",
        List.of(
            new ProblemHandler.FieldError(
                "path",
                "must not have empty segments (//), '.' or '..' segments, ';', or an encoded"
                    + " '/', '\\', '%' or '.'; a path variable must not be empty")));
  }
}
