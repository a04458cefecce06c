package io.jingzhi.agent.run;

import io.jingzhi.agent.app.AppDefinitions.RunnableApp;
import io.jingzhi.agent.engine.WorkflowEngine;
import io.jingzhi.agent.engine.WorkflowEngine.CompiledWorkflow;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Compiled published versions, kept because a published version never changes and compiling on every run would
 * repeat the same work for every call of a busy app. Drafts change at any time and are compiled per run.
 */
@Component
class CompiledWorkflows {

  private static final int MAX = 512;

  private final WorkflowEngine engine;
  private final Map<String, CompiledWorkflow> cache = new ConcurrentHashMap<>();

  CompiledWorkflows(WorkflowEngine engine) {
    this.engine = engine;
  }

  CompiledWorkflow of(RunnableApp app) {
    if (app.version() <= 0) {
      return engine.compile(app.definition());
    }
    String key = app.appId() + "@" + app.version();
    CompiledWorkflow known = cache.get(key);
    if (known != null) {
      return known;
    }
    if (cache.size() >= MAX) {
      cache.clear(); // rare: many apps; recompiling is cheap next to keeping every version forever
    }
    CompiledWorkflow compiled = engine.compile(app.definition());
    cache.put(key, compiled);
    return compiled;
  }
}
