package dev.baton.orchestrator.api;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.baton.orchestrator.ratelimit.RateLimitedException;
import dev.baton.protocol.ProtocolCodec;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The problem answers that need no running orchestrator to check. */
class ProblemHandlerTest {

  private final MockMvc mvc =
      MockMvcBuilders.standaloneSetup(new Limited())
          .setControllerAdvice(new ProblemHandler(ProtocolCodec.DEFAULT_READ_CONSTRAINTS))
          .build();

  @RestController
  static class Limited {
    @GetMapping("/limited")
    String limited(@RequestParam long waitMillis) {
      throw new RateLimitedException("Too many tasks submitted", Duration.ofMillis(waitMillis));
    }
  }

  @Test
  void rateLimitedIsA429WithRetryAfterInWholeSecondsRoundedUp() throws Exception {
    mvc.perform(get("/limited").param("waitMillis", "2001"))
        .andExpect(status().isTooManyRequests())
        .andExpect(header().string("Retry-After", "3"))
        .andExpect(content().contentType("application/problem+json"))
        .andExpect(jsonPath("$.status").value(429))
        .andExpect(jsonPath("$.retryAfterSeconds").value(3))
        .andExpect(
            jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("retry after 3 s")));
  }

  @Test
  void rateLimitedWaitUnderASecondStillSaysOneSecond() throws Exception {
    mvc.perform(get("/limited").param("waitMillis", "5"))
        .andExpect(status().isTooManyRequests())
        .andExpect(header().string("Retry-After", "1"));
  }
}
