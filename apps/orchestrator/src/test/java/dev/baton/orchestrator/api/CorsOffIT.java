package dev.baton.orchestrator.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.orchestrator.OrchestratorIT;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

/** CORS is off by default: the shared orchestrator sets no allowed origins. */
class CorsOffIT extends OrchestratorIT {

  @Test
  void withoutAllowedOriginsNoCorsHeaderIsSent() {
    var preflight =
        CorsIT.preflight(
            uri("/api/v1/tasks"), "https://console.example.com", "POST", "content-type");
    var request =
        send(
            HttpRequest.newBuilder(uri("/api/v1/tasks?limit=1"))
                .header("Origin", "https://console.example.com")
                .GET()
                .build());

    assertThat(preflight.headers().map().keySet())
        .noneMatch(name -> name.toLowerCase().startsWith("access-control-"));
    assertThat(request.statusCode()).isEqualTo(200);
    assertThat(request.headers().map().keySet())
        .noneMatch(name -> name.toLowerCase().startsWith("access-control-"));
  }
}
