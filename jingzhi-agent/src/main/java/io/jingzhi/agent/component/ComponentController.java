package io.jingzhi.agent.component;

import io.jingzhi.agent.AgentCallers;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The component catalog ({@code GET /api/v1/components}) for the workflow canvas. */
@RestController
public class ComponentController {

  private final ComponentCatalog catalog;

  public ComponentController(ComponentCatalog catalog) {
    this.catalog = catalog;
  }

  @GetMapping("/api/v1/components")
  public List<ComponentItem> list(@RequestParam(required = false) String q,
      @RequestParam(required = false) String category, @RequestParam(required = false) String kind,
      @RequestParam(required = false) String tag) {
    return catalog.search(AgentCallers.user(), q, category, kind, tag);
  }
}
