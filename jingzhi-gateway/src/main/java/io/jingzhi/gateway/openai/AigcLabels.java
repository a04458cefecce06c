package io.jingzhi.gateway.openai;

import io.jingzhi.gateway.GatewayProperties;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The implicit AI-generated-content label of GB 45438-2025 on chat completions: the standard's {@code AIGC}
 * metadata as the {@value #HEADER} response header and as an extra top-level {@code "aigc"} field of the body (the
 * first event of a stream), which OpenAI's SDKs ignore.
 */
@Component
class AigcLabels {

  /** The implicit label's header; its value is the {@code AIGC} metadata as JSON, non-ASCII characters escaped. */
  static final String HEADER = "AIGC";

  private final GatewayProperties.Aigc aigc;
  private final JsonMapper json;

  AigcLabels(GatewayProperties properties, JsonMapper json) {
    this.aigc = properties.aigc();
    this.json = json;
  }

  /** An id for a completion the gateway answers itself. */
  static String newId() {
    return "chatcmpl-jz-" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
  }

  /**
   * The label: Label 1 = AI-generated; ContentProducer the configured provider; ProduceID the completion id;
   * ContentPropagator the configured propagator (the producer by default); PropagateID the gateway's request id;
   * the two reserved codes empty.
   */
  ObjectNode label(String produceId, String propagateId) {
    ObjectNode l = json.createObjectNode();
    l.put("Label", "1");
    l.put("ContentProducer", aigc.producer());
    l.put("ProduceID", produceId);
    l.put("ReservedCode1", "");
    l.put("ContentPropagator", aigc.propagator().isBlank() ? aigc.producer() : aigc.propagator());
    l.put("PropagateID", propagateId == null ? "" : propagateId);
    l.put("ReservedCode2", "");
    return l;
  }

  /** The label as the header value: JSON with every character outside printable ASCII escaped. */
  String header(String produceId, String propagateId) {
    String value = json.writeValueAsString(label(produceId, propagateId));
    StringBuilder s = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      if (ch < 0x20 || ch > 0x7e) {
        s.append(String.format("\\u%04x", (int) ch));
      } else {
        s.append(ch);
      }
    }
    return s.toString();
  }

  /** A JSON object payload with the label inserted as its first field {@code "aigc"}. */
  String withLabel(String payload, String produceId, String propagateId) {
    String rest = payload.strip();
    return "{\"aigc\":" + json.writeValueAsString(label(produceId, propagateId))
        + (rest.equals("{}") ? "}" : "," + rest.substring(1));
  }
}
