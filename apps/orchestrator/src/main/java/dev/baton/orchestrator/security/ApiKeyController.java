package dev.baton.orchestrator.security;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Admins issue, list and revoke the keys of their tenant; operators those of every tenant. */
@Tag(name = "API keys", description = "Issue, list and revoke API keys (ADMIN, OPERATOR)")
@RestController
@RequestMapping("/api/v1/api-keys")
class ApiKeyController {

  private final ApiKeys keys;

  ApiKeyController(ApiKeys keys) {
    this.keys = keys;
  }

  /** What to issue: the tenant defaults to the caller's own. */
  record IssueKeyRequest(
      @NotBlank @Size(max = 200) String name,
      @Pattern(regexp = "[A-Za-z0-9._-]{1,100}") String tenant,
      @NotNull Role role) {}

  @Operation(
      summary = "Issue an API key",
      description =
          "201 with the key in `apiKey`: it is shown this once (only its hash is stored). ADMIN"
              + " issues for its own tenant and never OPERATOR keys.")
  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  ApiKeys.Issued issue(@Valid @RequestBody IssueKeyRequest request) {
    return keys.issue(Callers.current(), request.name(), request.tenant(), request.role());
  }

  @Operation(summary = "List API keys (never the keys themselves)")
  @GetMapping
  List<ApiKeys.KeyView> list() {
    return keys.list(Callers.current());
  }

  @Operation(
      summary = "Revoke an API key",
      description =
          "Stops the key at once on this node, within baton.security.key-cache-ttl on others."
              + " Keys from configuration are removed from the configuration instead (409). An"
              + " ADMIN may not revoke an OPERATOR key (403). The last key, or the last OPERATOR"
              + " key, when none is configured, is not revoked (409): Baton never returns to open"
              + " mode, so issue its replacement first.")
  @DeleteMapping("/{id}")
  ApiKeys.KeyView revoke(@PathVariable String id) {
    if (keys.configured(id)) {
      throw new ResponseStatusException(
          HttpStatus.CONFLICT,
          "key " + id + " comes from configuration: remove it there (baton.security.keys)");
    }
    var revocation = keys.revoke(Callers.current(), id);
    return switch (revocation.outcome()) {
      case REVOKED -> revocation.key();
      case NOT_FOUND ->
          throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no API key with id " + id);
      case FORBIDDEN ->
          throw new ResponseStatusException(HttpStatus.FORBIDDEN, revocation.reason());
      case REFUSED -> throw new ResponseStatusException(HttpStatus.CONFLICT, revocation.reason());
    };
  }
}
