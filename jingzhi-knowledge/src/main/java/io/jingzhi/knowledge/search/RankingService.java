package io.jingzhi.knowledge.search;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Permissions;
import io.jingzhi.knowledge.base.KnowledgeBaseAccess;
import io.jingzhi.knowledge.base.KnowledgeBaseAccess.KnowledgeBaseRef;
import io.jingzhi.knowledge.search.SearchRepository.Count;
import io.jingzhi.knowledge.search.SearchRepository.Doc;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/**
 * Rankings of the portal: the most viewed, downloaded or retrieved documents, domains or owner orgs over the last
 * day, week (7 days), month (30 days) or all time, counted from {@code kb_document_event} of the bases the caller
 * may read. Periods are rolling windows ending now, so a ranking does not empty at midnight.
 */
@Service
public class RankingService {

  static final Map<String, Duration> PERIODS = Map.of("day", Duration.ofDays(1), "week", Duration.ofDays(7),
      "month", Duration.ofDays(30));
  static final Map<String, String> METRICS = Map.of("views", "view", "downloads", "download", "hits", "hit");
  static final int MAX_LIMIT = 100;
  /** The label of documents without a domain (their key is empty). */
  static final String NO_DOMAIN = "未分类";
  /** Documents read to group by domain or owner: groups are few, and the long tail of documents changes little. */
  static final int GROUPED_DOCUMENTS = 10_000;

  private final KnowledgeBaseAccess access;
  private final SearchRepository repository;
  private final OwnerNames owners;
  private final Clock clock;

  public RankingService(KnowledgeBaseAccess access, SearchRepository repository, OwnerNames owners, Clock clock) {
    this.access = access;
    this.repository = repository;
    this.owners = owners;
    this.clock = clock;
  }

  /** One ranked entry: a document id, a domain or an org id as key, with a readable label. */
  public record Item(String key, String label, long count) {}

  /** The ranking with what it counts. */
  public record Ranking(String period, String by, String metric, List<Item> items) {}

  public Ranking rank(Caller caller, String period, String by, String metric, Integer limit) {
    caller.require(Permissions.KB_READ);
    String p = period == null ? "week" : period;
    String b = by == null ? "document" : by;
    String m = metric == null ? "views" : metric;
    if (!p.equals("total") && !PERIODS.containsKey(p)) {
      throw ApiException.invalid("period", "must be day, week, month or total");
    }
    if (!List.of("document", "domain", "owner").contains(b)) {
      throw ApiException.invalid("by", "must be document, domain or owner");
    }
    if (!METRICS.containsKey(m)) {
      throw ApiException.invalid("metric", "must be views, downloads or hits");
    }
    int n = limit == null ? 10 : limit;
    if (n < 1 || n > MAX_LIMIT) {
      throw ApiException.invalid("limit", "must be between 1 and " + MAX_LIMIT);
    }
    Map<Long, KnowledgeBaseRef> bases = access.readableBases(caller).stream()
        .collect(Collectors.toMap(KnowledgeBaseRef::id, Function.identity()));
    Instant since = p.equals("total") ? null : clock.instant().minus(PERIODS.get(p));
    List<Count> counts = repository.countsByDocument(bases.keySet(), METRICS.get(m), since,
        b.equals("document") ? n : GROUPED_DOCUMENTS);
    Map<Long, Doc> docs = repository.documents(counts.stream().map(Count::documentId).toList()).stream()
        .collect(Collectors.toMap(Doc::id, Function.identity()));
    List<Item> items = switch (b) {
      case "document" -> counts.stream().filter(c -> docs.containsKey(c.documentId()))
          .map(c -> new Item(Long.toString(c.documentId()), docs.get(c.documentId()).label(), c.count())).toList();
      case "domain" -> top(group(counts, docs, d -> domain(d.metadata())),
          k -> k.isEmpty() ? NO_DOMAIN : k, n);
      default -> byOwner(counts, docs, bases, n);
    };
    return new Ranking(p, b, m, items);
  }

  private List<Item> byOwner(List<Count> counts, Map<Long, Doc> docs, Map<Long, KnowledgeBaseRef> bases, int n) {
    Map<String, KnowledgeBaseRef> baseOfOrg = new HashMap<>();
    Map<String, Long> totals = group(counts, docs, d -> {
      KnowledgeBaseRef base = bases.get(d.kbId());
      String org = Long.toString(base.orgId());
      baseOfOrg.putIfAbsent(org, base);
      return org;
    });
    return top(totals, org -> {
      String name = owners.of(baseOfOrg.get(org));
      return name != null ? name : org;
    }, n);
  }

  private static Map<String, Long> group(List<Count> counts, Map<Long, Doc> docs, Function<Doc, String> key) {
    Map<String, Long> totals = new LinkedHashMap<>();
    for (Count c : counts) {
      Doc d = docs.get(c.documentId());
      if (d != null) {
        totals.merge(key.apply(d), c.count(), Long::sum);
      }
    }
    return totals;
  }

  private static List<Item> top(Map<String, Long> totals, Function<String, String> label, int n) {
    List<Map.Entry<String, Long>> sorted = new ArrayList<>(totals.entrySet());
    sorted.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
        .thenComparing(Map.Entry.comparingByKey()));
    return sorted.stream().limit(n).map(e -> new Item(e.getKey(), label.apply(e.getKey()), e.getValue())).toList();
  }

  /** A document's domain; documents without one count under the empty key (labelled by the portal). */
  static String domain(JsonNode metadata) {
    JsonNode d = metadata == null ? null : metadata.get("domain");
    if (d == null || d.isNull()) {
      return "";
    }
    if (d.isArray()) {
      return d.isEmpty() ? "" : d.get(0).asString();
    }
    return d.isValueNode() ? d.asString() : "";
  }
}
