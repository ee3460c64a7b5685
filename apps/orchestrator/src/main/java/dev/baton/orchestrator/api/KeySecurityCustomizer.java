package dev.baton.orchestrator.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.access.WebInvocationPrivilegeEvaluator;
import org.springframework.stereotype.Component;

/**
 * Declares how to authenticate (an {@code X-API-Key} header, or {@code Authorization: Bearer}) and
 * puts it on exactly the operations that need a key. Which those are is asked of the security
 * filter chain itself, as a caller without a key would meet it, so the document cannot drift from
 * what the server enforces when a rule changes.
 */
@Component
class KeySecurityCustomizer implements OpenApiCustomizer {

  static final String API_KEY = "apiKey";
  static final String BEARER = "bearer";

  private static final Authentication NO_KEY =
      new AnonymousAuthenticationToken(
          "openapi", "anonymous", AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));

  private final WebInvocationPrivilegeEvaluator access;

  KeySecurityCustomizer(WebInvocationPrivilegeEvaluator access) {
    this.access = access;
  }

  @Override
  public void customise(OpenAPI openApi) {
    if (openApi.getComponents() == null) {
      openApi.setComponents(new Components());
    }
    openApi
        .getComponents()
        .addSecuritySchemes(
            API_KEY,
            new SecurityScheme()
                .type(SecurityScheme.Type.APIKEY)
                .in(SecurityScheme.In.HEADER)
                .name("X-API-Key")
                .description(
                    "An API key (docs/security.md). Not needed while the server has no key at all"
                        + " (open mode)."))
        .addSecuritySchemes(
            BEARER,
            new SecurityScheme()
                .type(SecurityScheme.Type.HTTP)
                .scheme("bearer")
                .description("The same API key, as Authorization: Bearer <key>."));
    // Two requirements of one scheme each: either alone will do.
    var eitherScheme =
        List.of(
            new SecurityRequirement().addList(API_KEY), new SecurityRequirement().addList(BEARER));
    if (openApi.getPaths() == null) {
      return;
    }
    openApi
        .getPaths()
        .forEach(
            (template, item) ->
                item.readOperationsMap()
                    .forEach(
                        (method, operation) -> {
                          if (needsKey(method.name(), template)) {
                            operation.setSecurity(eitherScheme);
                          }
                        }));
  }

  /** Whether a caller without a key is refused {@code method path} ({@code {id}} → any value). */
  boolean needsKey(String method, String pathTemplate) {
    var path = pathTemplate.replaceAll("\\{[^/}]+}", "0");
    return !access.isAllowed("", path, method, NO_KEY);
  }
}
