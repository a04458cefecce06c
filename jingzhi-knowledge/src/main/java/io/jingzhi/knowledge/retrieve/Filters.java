package io.jingzhi.knowledge.retrieve;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.knowledge.index.IndexQuery.MetadataFilter;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Reads the {@code filters} of a retrieval request: {@code {field: value | [values] | {from, to}}}. */
final class Filters {

  private Filters() {}

  static List<MetadataFilter> read(JsonNode filters) {
    if (filters == null || filters.isNull() || filters.isMissingNode()) {
      return List.of();
    }
    if (!filters.isObject()) {
      throw ApiException.invalid("filters", "must be an object of field → value, [values] or {from, to}");
    }
    List<MetadataFilter> out = new ArrayList<>();
    filters.properties().forEach(e -> {
      String field = e.getKey();
      JsonNode v = e.getValue();
      if (v.isValueNode() && !v.isNull()) {
        out.add(new MetadataFilter(field, List.of(v.asString()), null, null));
      } else if (v.isArray()) {
        List<String> values = new ArrayList<>();
        v.forEach(x -> {
          if (!x.isValueNode() || x.isNull()) {
            throw ApiException.invalid("filters." + field, "a list of plain values");
          }
          values.add(x.asString());
        });
        out.add(new MetadataFilter(field, values, null, null));
      } else if (v.isObject() && (v.has("from") || v.has("to"))) {
        out.add(new MetadataFilter(field, List.of(), text(v, "from"), text(v, "to")));
      } else {
        throw ApiException.invalid("filters." + field, "a value, a list of values or {from, to}");
      }
    });
    return out;
  }

  private static String text(JsonNode v, String key) {
    JsonNode x = v.path(key);
    return x.isValueNode() && !x.isNull() ? x.asString() : null;
  }
}
