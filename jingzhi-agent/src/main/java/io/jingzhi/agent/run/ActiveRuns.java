package io.jingzhi.agent.run;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** The executions in this process, by run id: for cancelling, live views and the sub-workflow chain. */
@Component
class ActiveRuns {

  private final Map<Long, Execution> executions = new ConcurrentHashMap<>();

  void add(Execution exec) {
    executions.put(exec.runId, exec);
  }

  void remove(Execution exec) {
    executions.remove(exec.runId, exec);
  }

  Execution get(long runId) {
    return executions.get(runId);
  }

  int size() {
    return executions.size();
  }

  /** The app codes of this run and every run above it (its parents through sub-workflow nodes). */
  Set<String> ancestorApps(long runId) {
    Set<String> codes = new HashSet<>();
    Execution e = executions.get(runId);
    while (e != null && codes.add(e.app.code()) && e.parentRunId != null) {
      e = executions.get(e.parentRunId);
    }
    return codes;
  }
}
