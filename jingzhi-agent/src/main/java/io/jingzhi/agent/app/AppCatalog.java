package io.jingzhi.agent.app;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.Permissions;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * The app catalog (应用广场): the published apps a caller may use, searched and sorted; with {@code mine} the apps
 * the caller may edit, drafts included. API keys see the published apps their grant names.
 */
@Service
public class AppCatalog {

  private static final Set<String> SORTS = Set.of("latest", "popular", "favourites");

  private final AppRepository apps;
  private final AppAccess access;

  public AppCatalog(AppRepository apps, AppAccess access) {
    this.apps = apps;
    this.access = access;
  }

  /** The filters of a listing; all optional. */
  public record Query(String q, String tag, String type, String sort, boolean mine) {}

  public PageResult<App> list(Caller caller, Query query, PageQuery page) {
    if (query.type() != null && !App.ASSISTANT.equals(query.type()) && !App.WORKFLOW.equals(query.type())) {
      throw ApiException.invalid("type", "assistant or workflow");
    }
    if (query.sort() != null && !SORTS.contains(query.sort())) {
      throw ApiException.invalid("sort", "latest, popular or favourites");
    }
    boolean key = caller.authType() == Caller.AuthType.API_KEY;
    if (key && query.mine()) {
      throw ApiException.forbidden("user_only", "API keys list the apps they may run, not apps to edit");
    }
    caller.require(key ? Permissions.AGENT_INVOKE : Permissions.AGENT_READ);
    Set<Long> favourites = key ? Set.of() : apps.favouritesOf(caller.userId());
    String q = query.q() == null || query.q().isBlank() ? null : query.q();
    String tag = query.tag() == null || query.tag().isBlank() ? null : query.tag().strip();
    List<Scored> found = apps.candidates(caller.platformScope() ? null : caller.tenantId(), !query.mine(),
            query.type()).stream()
        .filter(a -> query.mine() ? access.mayEdit(caller, a) : access.mayRead(caller, a) && access.keyAllows(caller, a))
        .filter(a -> tag == null || a.tags().stream().anyMatch(t -> t.equalsIgnoreCase(tag)))
        .map(a -> new Scored(a.forCaller(favourites.contains(a.id()), !key && access.mayEdit(caller, a)),
            q == null ? 1 : CatalogSearch.score(q, a.name(), a.code(), a.description(), a.tags())))
        .filter(s -> s.score() > 0)
        .sorted(order(query.sort(), q != null, query.mine()))
        .toList();
    int from = (int) Math.min(found.size(), page.offset());
    int to = Math.min(found.size(), from + page.size());
    return new PageResult<>(found.subList(from, to).stream().map(Scored::app).toList(), found.size(), page.page(),
        page.size());
  }

  private record Scored(App app, int score) {}

  private static Comparator<Scored> order(String sort, boolean searching, boolean mine) {
    Comparator<Scored> latest = Comparator.comparing((Scored s) -> recency(s.app(), mine)).reversed()
        .thenComparing(Comparator.comparingLong((Scored s) -> s.app().id()).reversed());
    Comparator<Scored> bySort = switch (sort == null ? "" : sort) {
      case "popular" -> Comparator.comparingLong((Scored s) -> s.app().uses()).reversed()
          .thenComparing(Comparator.comparingLong((Scored s) -> s.app().views()).reversed());
      case "favourites" -> Comparator.comparingLong((Scored s) -> s.app().favourites()).reversed();
      case "latest" -> latest;
      default -> null;
    };
    Comparator<Scored> relevance = Comparator.comparingInt(Scored::score).reversed();
    if (bySort == null) {
      return searching ? relevance.thenComparing(latest) : latest;
    }
    return bySort.thenComparing(relevance).thenComparing(latest);
  }

  private static Instant recency(App a, boolean mine) {
    Instant t = mine ? a.draftUpdatedAt() : a.publishedAt();
    return t == null ? a.createdAt() : t;
  }
}
