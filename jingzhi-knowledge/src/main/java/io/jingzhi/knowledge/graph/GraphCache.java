package io.jingzhi.knowledge.graph;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The in-memory adjacency of every graph that has been queried since start. A graph loads on its first query;
 * single writes update a loaded graph once their transaction commits (never a rolled-back change); bulk writes
 * (import, extraction) drop it to be loaded again.
 */
@Component
class GraphCache {

  private final GraphRepository repository;
  private final Map<Long, GraphIndex> graphs = new ConcurrentHashMap<>();

  GraphCache(GraphRepository repository) {
    this.repository = repository;
  }

  GraphIndex index(long kbId) {
    return graphs.computeIfAbsent(kbId, repository::loadIndex);
  }

  /** Applies a change to the loaded graph after commit; a graph not loaded will read it from the database. */
  void afterCommit(long kbId, Consumer<GraphIndex> change) {
    afterCommit(() -> graphs.computeIfPresent(kbId, (k, index) -> {
      change.accept(index);
      return index;
    }));
  }

  void dropAfterCommit(long kbId) {
    afterCommit(() -> graphs.remove(kbId));
  }

  private static void afterCommit(Runnable work) {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void afterCommit() {
          work.run();
        }
      });
    } else {
      work.run();
    }
  }
}
