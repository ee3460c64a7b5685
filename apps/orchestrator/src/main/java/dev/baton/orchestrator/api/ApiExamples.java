package dev.baton.orchestrator.api;

/** Example bodies shown in the OpenAPI document. */
final class ApiExamples {

  static final String SUBMIT =
      """
      {"type":"sha256","input":{"text":"abc"},"priority":7,"timeoutSeconds":60,"maxRetries":2,
       "tags":{"team":"search"},"idempotencyKey":"order-4711-digest",
       "backoff":{"initialMs":500,"factor":2.0,"maxMs":30000}}""";

  static final String PROBLEM =
      """
      {"type":"https://baton.dev/problems/invalid-input","title":"Invalid input","status":400,
       "detail":"The request has invalid fields.","instance":"/api/v1/tasks",
       "errors":[{"field":"priority","message":"must be between 0 and 9"}]}""";

  private ApiExamples() {}
}
