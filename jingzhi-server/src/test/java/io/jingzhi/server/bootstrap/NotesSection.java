package io.jingzhi.server.bootstrap;

import io.jingzhi.iam.api.BootstrapContext;
import io.jingzhi.iam.api.BootstrapSection;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A bootstrap section as a later module would write one: {@code it_notes: [{org: code, text: ...}]}. It checks
 * its entries, resolves references through the context and remembers what it applied.
 */
class NotesSection implements BootstrapSection {

  final List<String> applied = new ArrayList<>();

  @Override
  public String key() {
    return "it_notes";
  }

  @Override
  public void validate(JsonNode section, BootstrapContext ctx) {
    for (int i = 0; i < section.size(); i++) {
      JsonNode note = section.get(i);
      if (!note.hasNonNull("text")) {
        ctx.problem("it_notes[" + i + "].text", "is required");
      }
      if (!ctx.orgExists(note.path("org").asString(""))) {
        ctx.problem("it_notes[" + i + "].org", "unknown organization code \"" + note.path("org").asString("") + "\"");
      }
    }
  }

  @Override
  public void apply(JsonNode section, BootstrapContext ctx) {
    for (int i = 0; i < section.size(); i++) {
      JsonNode note = section.get(i);
      long orgId = ctx.orgId(note.get("org").asString()).orElseThrow();
      ctx.resolve("it_notes[" + i + "].text", note.get("text").asString())
          .ifPresent(text -> applied.add(orgId + ":" + text));
    }
  }
}
