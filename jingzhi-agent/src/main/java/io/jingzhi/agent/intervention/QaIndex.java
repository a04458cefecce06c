package io.jingzhi.agent.intervention;

import io.jingzhi.gateway.api.ModelCallFailed;
import io.jingzhi.gateway.api.ModelClient;
import io.jingzhi.iam.api.Caller;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The enabled curated pairs of each app with their question vectors, kept in memory so that a chat turn embeds
 * only its query. Questions are embedded with the platform's in-process model as the caller who first needs them.
 * A change through this server drops the app's entry at once ({@link #invalidate}); a change made through another
 * replica is noticed by a cheap fingerprint of the app's pairs (count, last id, last change), read per lookup.
 * When embedding fails the pairs are served without vectors (exact matches still work) and not cached.
 */
@Component
class QaIndex {

  private static final Logger log = LoggerFactory.getLogger(QaIndex.class);

  private record Loaded(String fingerprint, List<QaMatcher.Entry> entries) {}

  private final InterventionRepository repository;
  private final ModelClient models;
  private final JdbcClient jdbc;
  private final String embeddingModel;
  private final Map<Long, Loaded> byApp = new ConcurrentHashMap<>();

  QaIndex(InterventionRepository repository, ModelClient models, JdbcClient jdbc,
      @Value("${jingzhi.agent.intervention.embedding-model:bge-small-zh-v1.5}") String embeddingModel) {
    this.repository = repository;
    this.models = models;
    this.jdbc = jdbc;
    this.embeddingModel = embeddingModel;
  }

  String embeddingModel() {
    return embeddingModel;
  }

  List<QaMatcher.Entry> entries(Caller caller, long appId) {
    String fingerprint = fingerprint(appId);
    Loaded cached = byApp.get(appId);
    if (cached != null && cached.fingerprint().equals(fingerprint)) {
      return cached.entries();
    }
    List<QaMatcher.Entry> plain = repository.enabledPairs(appId);
    if (plain.isEmpty()) {
      byApp.put(appId, new Loaded(fingerprint, plain));
      return plain;
    }
    List<float[]> vectors;
    try {
      vectors = models.embed(caller, embeddingModel,
          repository.questions(plain.stream().map(QaMatcher.Entry::id).toList()));
    } catch (ModelCallFailed e) {
      log.warn("Curated questions of app {} could not be embedded with {} ({}): only exact matches apply", appId,
          embeddingModel, e.getMessage());
      return plain;
    }
    List<QaMatcher.Entry> entries = new ArrayList<>(plain.size());
    for (int i = 0; i < plain.size(); i++) {
      QaMatcher.Entry e = plain.get(i);
      entries.add(new QaMatcher.Entry(e.id(), e.normalized(), e.answer(), vectors.get(i)));
    }
    byApp.put(appId, new Loaded(fingerprint, List.copyOf(entries)));
    return entries;
  }

  /** The query's vector with the same model, or null when it cannot be embedded. */
  float[] embed(Caller caller, String query) {
    try {
      return models.embed(caller, embeddingModel, List.of(query)).getFirst();
    } catch (ModelCallFailed e) {
      log.warn("A query could not be embedded with {} ({}): only exact matches apply", embeddingModel,
          e.getMessage());
      return null;
    }
  }

  void invalidate(long appId) {
    byApp.remove(appId);
  }

  private String fingerprint(long appId) {
    return jdbc.sql("""
        select count(*), coalesce(max(id), 0), max(updated_at) from agent_qa_pairs
        where app_id = :app and enabled = true""").param("app", appId)
        .query((rs, n) -> rs.getLong(1) + ":" + rs.getLong(2) + ":" + rs.getString(3)).single();
  }
}
