package dev.baton.orchestrator.persistence;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.List;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Stores a list of strings as a JSON array. */
@Converter
public class StringListJsonConverter implements AttributeConverter<List<String>, String> {

  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static final TypeReference<List<String>> TYPE = new TypeReference<>() {};

  @Override
  public String convertToDatabaseColumn(List<String> list) {
    return list == null ? null : MAPPER.writeValueAsString(list);
  }

  @Override
  public List<String> convertToEntityAttribute(String json) {
    return json == null || json.isBlank() ? List.of() : MAPPER.readValue(json, TYPE);
  }
}
