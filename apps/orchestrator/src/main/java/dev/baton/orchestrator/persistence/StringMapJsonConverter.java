package dev.baton.orchestrator.persistence;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Stores a string map (task tags) as a JSON object, keys sorted so equal maps store equal text. */
@Converter
public class StringMapJsonConverter implements AttributeConverter<Map<String, String>, String> {

  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static final TypeReference<TreeMap<String, String>> TYPE = new TypeReference<>() {};

  @Override
  public String convertToDatabaseColumn(Map<String, String> map) {
    return map == null || map.isEmpty() ? null : MAPPER.writeValueAsString(new TreeMap<>(map));
  }

  @Override
  public Map<String, String> convertToEntityAttribute(String json) {
    // Unmodifiable: the entity treats tags as an immutable value (replaced, never changed in
    // place).
    return json == null || json.isBlank()
        ? Map.of()
        : Collections.unmodifiableMap(MAPPER.readValue(json, TYPE));
  }
}
