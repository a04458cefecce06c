package io.jingzhi.knowledge.graph;

import io.jingzhi.knowledge.base.KnowledgeBaseService.KnowledgeBaseDeleted;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** A deleted knowledge base takes its graph with it (inside the base's transaction). */
@Component
class DeletedBaseGraphs {

  private final GraphService graphs;

  DeletedBaseGraphs(GraphService graphs) {
    this.graphs = graphs;
  }

  @EventListener
  void onDeleted(KnowledgeBaseDeleted event) {
    graphs.dropGraph(event.kbId());
  }
}
