package dev.baton.orchestrator.security;

import static dev.baton.orchestrator.security.Role.ADMIN;
import static dev.baton.orchestrator.security.Role.OPERATOR;
import static dev.baton.orchestrator.security.Role.PRODUCER;
import static dev.baton.orchestrator.security.Role.WORKER;
import static org.springframework.http.HttpMethod.DELETE;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.PATCH;
import static org.springframework.http.HttpMethod.POST;

import dev.baton.orchestrator.ratelimit.ReadRateLimiter;
import java.util.Arrays;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * Who may call what: the one place where endpoints meet roles (the table in docs/security.md is
 * this, in words). Stateless — every request carries its key; no session, no cookie, so no CSRF to
 * defend. Tenant scoping is not here but in each controller's queries, since it depends on the data
 * (another tenant's task answers 404 like a missing one).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  @Bean
  SecurityFilterChain apiSecurity(HttpSecurity http, ApiKeys keys, ReadRateLimiter reads)
      throws Exception {
    http.csrf(c -> c.disable())
        .httpBasic(b -> b.disable())
        .formLogin(f -> f.disable())
        .logout(l -> l.disable())
        .requestCache(r -> r.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .addFilterBefore(new ApiKeyAuthenticationFilter(keys), AnonymousAuthenticationFilter.class)
        // After authorization: only a request the caller may make takes from its read rate.
        .addFilterAfter(new ReadRateLimitFilter(reads), AuthorizationFilter.class)
        .exceptionHandling(
            e ->
                e.authenticationEntryPoint(SecurityProblems.unauthorized())
                    .accessDeniedHandler(SecurityProblems.forbidden()))
        .authorizeHttpRequests(
            a ->
                a
                    // Public: the dashboard's static files (data comes from the API, with a key),
                    // API docs, liveness for load balancers, and error dispatches.
                    .requestMatchers(
                        GET,
                        "/",
                        "/index.html",
                        "/*.js",
                        "/*.css",
                        "/views/**",
                        "/favicon.ico",
                        "/docs",
                        "/docs/**",
                        "/swagger-ui/**",
                        "/v3/api-docs",
                        "/v3/api-docs/**",
                        "/graphiql",
                        "/graphiql/**")
                    .permitAll()
                    .requestMatchers("/error", "/actuator/health", "/actuator/health/**")
                    .permitAll()
                    .requestMatchers("/actuator/**")
                    .hasAuthority(OPERATOR.authority())
                    // Pull workers
                    .requestMatchers(
                        POST,
                        "/api/v1/tasks/claim",
                        "/api/v1/tasks/*/heartbeat",
                        "/api/v1/tasks/*/complete",
                        "/api/v1/tasks/*/fail")
                    .hasAnyAuthority(roles(WORKER, ADMIN, OPERATOR))
                    // Shared across tenants: operators only
                    .requestMatchers(POST, "/api/v1/tasks/import")
                    .hasAuthority(OPERATOR.authority())
                    .requestMatchers("/api/v1/queues")
                    .hasAuthority(OPERATOR.authority())
                    .requestMatchers(GET, "/api/v1/definitions", "/api/v1/definitions/**")
                    .hasAnyAuthority(roles(Role.values()))
                    .requestMatchers("/api/v1/definitions", "/api/v1/definitions/**")
                    .hasAuthority(OPERATOR.authority())
                    // Producers: submit and read
                    .requestMatchers(POST, "/api/v1/tasks", "/api/v1/tasks/batch")
                    .hasAnyAuthority(roles(PRODUCER, ADMIN, OPERATOR))
                    .requestMatchers(GET, "/api/v1/tasks", "/api/v1/tasks/**", "/api/v1/stats/**")
                    .hasAnyAuthority(roles(PRODUCER, ADMIN, OPERATOR))
                    .requestMatchers(POST, "/graphql")
                    .hasAnyAuthority(roles(PRODUCER, ADMIN, OPERATOR))
                    // Admins: change tasks, see workers, manage keys (within their tenant)
                    .requestMatchers(POST, "/api/v1/tasks/*/cancel", "/api/v1/tasks/*/retry")
                    .hasAnyAuthority(roles(ADMIN, OPERATOR))
                    .requestMatchers(PATCH, "/api/v1/tasks/*")
                    .hasAnyAuthority(roles(ADMIN, OPERATOR))
                    .requestMatchers(DELETE, "/api/v1/tasks/*")
                    .hasAnyAuthority(roles(ADMIN, OPERATOR))
                    .requestMatchers(GET, "/api/v1/workers", "/api/v1/workers/**")
                    .hasAnyAuthority(roles(ADMIN, OPERATOR))
                    .requestMatchers("/api/v1/api-keys", "/api/v1/api-keys/**")
                    .hasAnyAuthority(roles(ADMIN, OPERATOR))
                    // Anything not named above (future endpoints included) is for operators.
                    .anyRequest()
                    .hasAuthority(OPERATOR.authority()));
    return http.build();
  }

  /**
   * No user names or passwords exist: this bean keeps Spring Boot from creating its default user
   * with a generated password (and logging it).
   */
  @Bean
  UserDetailsService noPasswordUsers() {
    return username -> {
      throw new UsernameNotFoundException("Baton authenticates API keys only");
    };
  }

  private static String[] roles(Role... roles) {
    return Arrays.stream(roles).map(Role::authority).toArray(String[]::new);
  }
}
