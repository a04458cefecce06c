package io.jingzhi.knowledge.search;

import io.jingzhi.common.paging.PageResult;
import io.jingzhi.knowledge.KnowledgeCallers;
import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The search portal (政务知识智能检索, {@code /api/v1/knowledge-search}): one search over every readable base, rankings
 * and the zombie report. For signed-in staff; apps search a base through its retrieve endpoint.
 */
@RestController
@RequestMapping("/api/v1/knowledge-search")
public class KnowledgeSearchController {

  private final KnowledgeSearchService search;
  private final RankingService rankings;
  private final ZombieReport zombies;

  public KnowledgeSearchController(KnowledgeSearchService search, RankingService rankings, ZombieReport zombies) {
    this.search = search;
    this.rankings = rankings;
    this.zombies = zombies;
  }

  @PostMapping
  public PageResult<SearchItem> search(@Valid @RequestBody SearchRequest request) {
    return search.search(KnowledgeCallers.user(), request);
  }

  @GetMapping("/rankings")
  public RankingService.Ranking rankings(@RequestParam(required = false) String period,
      @RequestParam(required = false) String by, @RequestParam(required = false) String metric,
      @RequestParam(required = false) Integer limit) {
    return rankings.rank(KnowledgeCallers.user(), period, by, metric, limit);
  }

  @GetMapping("/zombies")
  public ZombieReport.Report zombies(@RequestParam(required = false) Integer days,
      @RequestParam(name = "kb_id", required = false) Long kbId, @RequestParam(required = false) Integer limit) {
    return zombies.report(KnowledgeCallers.user(), days, kbId, limit);
  }
}
