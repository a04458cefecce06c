package io.jingzhi.iam.audit;

import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Renders before/after summaries for audit events, cut to a bounded size. */
@Component
public class AuditJson {

  static final int MAX_LENGTH = 16_000;

  private final JsonMapper json;

  public AuditJson(JsonMapper json) {
    this.json = json;
  }

  public String of(Object value) {
    if (value == null) {
      return null;
    }
    String text = json.writeValueAsString(value);
    return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH) + "…";
  }
}
