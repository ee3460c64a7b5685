package dev.baton.orchestrator.api;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document at {@code /v3/api-docs}, shown by Swagger UI at {@code /docs}. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

  @Bean
  OpenAPI batonOpenApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("Baton API")
                .version("v1")
                .description(
                    "Submit tasks, follow them through their states, and administer workers. Every"
                        + " error is application/problem+json (RFC 9457); input errors list the"
                        + " fields at fault in `errors[].field`. The wire protocol for workers is in"
                        + " docs/protocol.md.")
                .license(new License().name("Apache-2.0")));
  }
}
