package dev.baton.orchestrator.api;

/** No definition of that type, or of that version. */
class DefinitionNotFoundException extends RuntimeException {

  private DefinitionNotFoundException(String message) {
    super(message);
  }

  static DefinitionNotFoundException type(String type) {
    return new DefinitionNotFoundException(
        "No task definition of type '" + type + "'; GET /api/v1/definitions lists them");
  }

  static DefinitionNotFoundException version(String type, String version) {
    return new DefinitionNotFoundException(
        "No version "
            + version
            + " of task type '"
            + type
            + "'; GET /api/v1/definitions/"
            + type
            + "/versions lists them");
  }
}
