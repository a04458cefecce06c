package io.jingzhi.knowledge.chunk;

import java.util.List;

/**
 * A custom metadata field of a knowledge base's chunks. The chunker fills it from a table column of the same name
 * or from a {@code 字段名：值} line of the chunk, and reports a value that breaks these rules in the chunk's
 * {@code schema_errors} metadata instead of dropping the chunk.
 *
 * @param name the field name, also the metadata key
 * @param type string | number | date | enum
 * @param maxLength the longest value in characters, null for no limit
 * @param values the allowed values of an enum field
 * @param required whether a chunk without the field is reported (null: no)
 */
public record SchemaField(String name, String type, Integer maxLength, List<String> values, Boolean required) {

  public static final List<String> TYPES = List.of("string", "number", "date", "enum");

  public SchemaField {
    type = type == null || type.isBlank() ? "string" : type.strip();
    values = values == null ? List.of() : List.copyOf(values);
    required = Boolean.TRUE.equals(required);
  }
}
