package io.jingzhi.guard.answer;

import io.jingzhi.guard.GuardProperties;
import io.jingzhi.guard.api.GuardEmbedder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The canned answers as the request path sees them: an in-memory snapshot with each question's bigrams and, when
 * a {@link GuardEmbedder} is available, its embedding. A question matches when the cosine similarity of the
 * embeddings reaches {@code jingzhi.guard.answer-similarity} (default 0.85) or whose character-bigram Dice
 * similarity reaches {@code answer-lexical-similarity} (default 0.6) — a paraphrase or a near-verbatim question;
 * without an embedder (or when it fails) only the bigrams count.
 */
@Component
@Order(31)
public class AnswerCatalog implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(AnswerCatalog.class);
  /** Characters of a checked text embedded for matching; questions are short. */
  private static final int EMBED_CHARS = 512;

  /** Published after a canned answer was created, changed, imported or removed. */
  public record AnswersChanged() {}

  /** The best canned answer for a text, how similar its question is and how that was measured. */
  public record AnswerMatch(CannedAnswer answer, double score, String method) {}

  private record Entry(CannedAnswer answer, Map<String, Integer> grams, float[] embedding) {}

  private final AnswerRepository repository;
  private final ObjectProvider<GuardEmbedder> embedders;
  private final GuardProperties properties;
  private final Map<String, float[]> embeddings = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile List<Entry> entries = List.of();

  AnswerCatalog(AnswerRepository repository, ObjectProvider<GuardEmbedder> embedders, GuardProperties properties) {
    this.repository = repository;
    this.embedders = embedders;
    this.properties = properties;
  }

  @Override
  public void run(ApplicationArguments args) {
    refresh();
  }

  @TransactionalEventListener(fallbackExecution = true)
  void onChanged(AnswersChanged event) {
    refresh();
  }

  @Scheduled(fixedDelayString = "${jingzhi.guard.policy-refresh:PT5S}", initialDelayString = "PT5S")
  public void refresh() {
    try {
      List<CannedAnswer> answers = repository.all().stream().filter(CannedAnswer::enabled).toList();
      GuardEmbedder embedder = embedders.getIfAvailable();
      if (embedder != null) {
        embedMissing(embedder, answers);
      }
      List<Entry> next = new ArrayList<>();
      for (CannedAnswer a : answers) {
        next.add(new Entry(a, Similarity.grams(a.question()),
            embedder == null ? null : embeddings.get(key(embedder, a.question()))));
      }
      entries = List.copyOf(next);
    } catch (RuntimeException e) {
      log.warn("Could not refresh the canned answers; using the previous snapshot: {}", e.getMessage());
    }
  }

  private void embedMissing(GuardEmbedder embedder, List<CannedAnswer> answers) {
    List<String> missing = answers.stream().map(CannedAnswer::question).distinct()
        .filter(q -> !embeddings.containsKey(key(embedder, q))).toList();
    try {
      for (int from = 0; from < missing.size(); from += 64) {
        List<String> batch = missing.subList(from, Math.min(missing.size(), from + 64));
        List<float[]> vectors = embedder.embed(batch);
        for (int i = 0; i < batch.size(); i++) {
          embeddings.put(key(embedder, batch.get(i)), vectors.get(i));
        }
      }
    } catch (RuntimeException e) {
      // The lexical similarity stands in for questions without an embedding.
      log.warn("Could not embed canned-answer questions with {}: {}", embedder.modelName(), e.getMessage());
    }
  }

  private static String key(GuardEmbedder embedder, String question) {
    return embedder.modelName() + "\u0000" + question;
  }

  /**
   * The canned answer of the tenant or the platform (the tenant's first on equal similarity) whose question is
   * most similar to the text, if one is similar enough and fits the text's risk categories and the group.
   */
  public Optional<AnswerMatch> best(Long tenantId, String text, Collection<String> categories, String group) {
    List<Entry> candidates = entries.stream()
        .filter(e -> e.answer().tenantId() == null || Objects.equals(e.answer().tenantId(), tenantId))
        .filter(e -> group == null || group.equals(e.answer().group()))
        .filter(e -> fits(e.answer().riskTypes(), categories)).toList();
    if (candidates.isEmpty() || text == null || text.isBlank()) {
      return Optional.empty();
    }
    float[] query = candidates.stream().anyMatch(e -> e.embedding() != null) ? embed(text) : null;
    Map<String, Integer> grams = Similarity.grams(text);
    AnswerMatch best = null;
    for (Entry e : candidates) {
      // A paraphrase (embeddings) or a near-verbatim question (bigrams) matches, whichever clears its threshold more.
      AnswerMatch lexical = new AnswerMatch(e.answer(), Similarity.dice(grams, e.grams()), "bigram");
      AnswerMatch m = lexical;
      if (query != null && e.embedding() != null) {
        AnswerMatch semantic = new AnswerMatch(e.answer(), Similarity.cosine(query, e.embedding()), "embedding");
        m = margin(semantic) >= margin(lexical) ? semantic : lexical;
      }
      if (margin(m) >= 0 && (best == null || better(m, best))) {
        best = m;
      }
    }
    return Optional.ofNullable(best);
  }

  private double margin(AnswerMatch m) {
    return m.score() - (m.method().equals("embedding") ? properties.answerSimilarity()
        : properties.answerLexicalSimilarity());
  }

  private boolean better(AnswerMatch m, AnswerMatch best) {
    if (margin(m) != margin(best)) {
      return margin(m) > margin(best);
    }
    return m.answer().tenantId() != null && best.answer().tenantId() == null;
  }

  private float[] embed(String text) {
    GuardEmbedder embedder = embedders.getIfAvailable();
    if (embedder == null) {
      return null;
    }
    try {
      String cut = text.length() > EMBED_CHARS ? text.substring(0, EMBED_CHARS) : text;
      return embedder.embed(List.of(cut)).getFirst();
    } catch (RuntimeException e) {
      log.debug("Embedding a checked text failed, matching canned answers lexically: {}", e.getMessage());
      return null;
    }
  }

  private static boolean fits(List<String> riskTypes, Collection<String> categories) {
    if (riskTypes.isEmpty()) {
      return true;
    }
    for (String c : categories) {
      for (String t : riskTypes) {
        if (c.equals(t) || c.startsWith(t + ".")) {
          return true;
        }
      }
    }
    return false;
  }

  /** For tests: the number of answers in the snapshot. */
  int size() {
    return entries.size();
  }
}
