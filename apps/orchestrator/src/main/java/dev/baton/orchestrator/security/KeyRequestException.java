package dev.baton.orchestrator.security;

/** A key request names a field it may not have (answered 400 naming the field). */
public class KeyRequestException extends RuntimeException {

  private final String field;

  KeyRequestException(String field, String message) {
    super(field + " " + message);
    this.field = field;
  }

  public String field() {
    return field;
  }

  public String reason() {
    return getMessage().substring(field.length() + 1);
  }
}
