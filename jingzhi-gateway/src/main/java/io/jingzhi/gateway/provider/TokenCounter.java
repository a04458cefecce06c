package io.jingzhi.gateway.provider;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Counts tokens when an upstream does not report usage (the record is then marked estimated). Uses the
 * cl100k_base BPE, a fair stand-in for the tokenizers of current Chinese and English models.
 */
@Component
public class TokenCounter {

  private final Encoding encoding = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

  public int count(String text) {
    return text == null || text.isEmpty() ? 0 : encoding.countTokensOrdinary(text);
  }

  /** Prompt tokens of a chat request: message texts plus a few tokens of framing per message. */
  public int countMessages(JsonNode messages) {
    int tokens = 3;
    for (JsonNode m : messages) {
      tokens += 4;
      JsonNode content = m.path("content");
      if (content.isString()) {
        tokens += count(content.asString());
      } else if (content.isArray()) {
        for (JsonNode part : content) {
          tokens += count(part.path("text").asString(""));
        }
      }
    }
    return tokens;
  }
}
