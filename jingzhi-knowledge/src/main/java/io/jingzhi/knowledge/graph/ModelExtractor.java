package io.jingzhi.knowledge.graph;

import io.jingzhi.gateway.api.ChatRequest;
import io.jingzhi.gateway.api.ModelClient;
import io.jingzhi.iam.api.Caller;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Entity and relation extraction by a chat model through the gateway ({@link ModelClient#chat}: the caller's
 * access, limits, guard and metering apply). The model is asked for JSON in the ontology's types; what it answers
 * is not trusted: items of unknown types or with missing ends are dropped and counted by the caller.
 */
@Component
class ModelExtractor {

  /** Characters of document text per model call, and calls per document: bounds the cost of one extraction. */
  static final int PIECE_CHARS = 3000;
  static final int MAX_PIECES = 5;

  private final ModelClient models;
  private final JsonMapper json;

  ModelExtractor(ModelClient models, JsonMapper json) {
    this.models = models;
    this.json = json;
  }

  /** What the model proposed for one document. */
  record Proposal(List<EntityInput> entities, List<ProposedRelation> relations, int calls, int unreadable) {}

  /** A relation between entities named by the model. */
  record ProposedRelation(String from, String type, String to) {}

  Proposal extract(Caller caller, String model, Ontology ontology, DocumentTexts.DocumentText document) {
    List<EntityInput> entities = new ArrayList<>();
    List<ProposedRelation> relations = new ArrayList<>();
    int calls = 0;
    int unreadable = 0;
    String text = document.text() == null ? "" : document.text();
    for (int from = 0; from < text.length() && calls < MAX_PIECES; from += PIECE_CHARS) {
      String piece = text.substring(from, Math.min(text.length(), from + PIECE_CHARS));
      var reply = models.chat(caller, new ChatRequest(model, List.of(
          new ChatRequest.Message("system", systemPrompt(ontology)),
          new ChatRequest.Message("user", "文档标题：" + document.title() + "\n文档内容：\n" + piece)), 0.0, 2000, true));
      calls++;
      JsonNode answer = parse(reply.content());
      if (answer == null) {
        unreadable++;
        continue;
      }
      for (JsonNode e : answer.path("entities")) {
        Map<String, String> attributes = new LinkedHashMap<>();
        e.path("attributes").properties().forEach(p -> attributes.put(p.getKey(), p.getValue().asString("")));
        entities.add(new EntityInput(e.path("name").asString(""), e.path("type").asString(""), attributes,
            document.id()));
      }
      for (JsonNode r : answer.path("relations")) {
        relations.add(new ProposedRelation(r.path("from").asString(""), r.path("type").asString(""),
            r.path("to").asString("")));
      }
    }
    return new Proposal(entities, relations, calls, unreadable);
  }

  private String systemPrompt(Ontology ontology) {
    StringBuilder p = new StringBuilder("""
        你是政务知识图谱的抽取助手。只从给定文档中抽取实体和关系，不要编造。只使用下列类型：
        """);
    p.append("实体类型：\n");
    ontology.entityTypes().forEach(t -> p.append("- ").append(t.name()).append("（").append(t.description())
        .append("），属性：").append(t.attributes()).append('\n'));
    p.append("关系类型：\n");
    ontology.relationTypes().forEach(t -> p.append("- ").append(t.name()).append(": ").append(t.from())
        .append(" -> ").append(t.to()).append("（").append(t.description()).append("）\n"));
    p.append("""
        只输出一个 JSON 对象，不要其他文字：
        {"entities":[{"name":"…","type":"…","attributes":{"属性":"值"}}],
         "relations":[{"from":"实体名","type":"关系类型","to":"实体名"}]}
        """);
    return p.toString();
  }

  /** The JSON object of an answer, tolerating code fences and words around it; null when there is none. */
  private JsonNode parse(String content) {
    if (content == null) {
      return null;
    }
    int start = content.indexOf('{');
    int end = content.lastIndexOf('}');
    if (start < 0 || end <= start) {
      return null;
    }
    try {
      JsonNode node = json.readTree(content.substring(start, end + 1));
      return node.isObject() ? node : null;
    } catch (JacksonException e) {
      return null;
    }
  }
}
