package dev.baton.orchestrator.api;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.module.SimpleModule;

/**
 * Refuses the NUL character (U+0000) in every string field and map key that JSON is read into: no
 * type, tag, key, id or message has one, and PostgreSQL cannot store one in a text column, so a
 * {@code "\u0000"} used to pass validation and end in a 500 there. JSON kept as JSON (a task's
 * input, a result) is not read into strings and keeps whatever it holds.
 */
final class NulFreeStrings {

  static final String MESSAGE = "must not contain NUL (U+0000)";

  private NulFreeStrings() {}

  static SimpleModule module() {
    return new SimpleModule("nul-free-strings")
        .addDeserializer(String.class, new Values())
        .addKeyDeserializer(String.class, new Keys());
  }

  private static final class Values extends StringDeserializer {
    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws JacksonException {
      var value = super.deserialize(p, ctxt);
      if (value != null && value.indexOf('\0') >= 0) {
        throw MismatchedInputException.from(p, (Class<?>) null, MESSAGE);
      }
      return value;
    }
  }

  private static final class Keys extends KeyDeserializer {
    @Override
    public Object deserializeKey(String key, DeserializationContext ctxt) throws JacksonException {
      if (key != null && key.indexOf('\0') >= 0) {
        throw MismatchedInputException.from(ctxt.getParser(), (Class<?>) null, "a key " + MESSAGE);
      }
      return key;
    }
  }
}
