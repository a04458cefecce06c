package io.jingzhi.agent.code;

import io.jingzhi.agent.AgentProperties;
import io.jingzhi.agent.engine.NodeFailure;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Runs untrusted JavaScript of code nodes in a GraalJS context that cannot reach the host: no Java classes, no
 * files, sockets, processes, threads, environment or other languages (the {@code CONSTRAINED} sandbox policy plus
 * explicit denials). Values cross the boundary only as JSON text, so no host object is ever exposed.
 *
 * <p>Limits: a wall-clock timeout and an allocation budget, both enforced by a watchdog that cancels the context
 * (GraalJS on a stock JDK has no heap-size limit per context; counting the bytes the script's thread allocates is
 * the bound available here, and it is stricter than a heap limit because garbage counts too). Scripts run on a
 * small pool of platform threads: the allocation counter needs a platform thread, and the pool bounds how many
 * scripts compete for the CPU at once.
 */
@Component
public class CodeSandbox implements DisposableBean {

  private static final String WRAPPER = """
      (function(__input) {
        const inputs = JSON.parse(__input);
        %s
        if (typeof main !== 'function') { throw new Error('the code must define function main(inputs)'); }
        const result = main(inputs);
        return JSON.stringify(result === undefined ? null : result);
      })""";

  private final Engine engine;
  private final ExecutorService workers;
  private final ScheduledExecutorService watchdog;
  private final Duration timeout;
  private final long allocationLimit;
  private final com.sun.management.ThreadMXBean threads;

  public CodeSandbox(AgentProperties properties) {
    this.timeout = properties.code().timeout();
    this.allocationLimit = properties.code().memoryLimit().toBytes();
    this.engine = Engine.newBuilder("js")
        .sandbox(SandboxPolicy.CONSTRAINED)
        .out(OutputStream.nullOutputStream())
        .err(OutputStream.nullOutputStream())
        .option("engine.WarnInterpreterOnly", "false")
        .build();
    AtomicInteger n = new AtomicInteger();
    int size = Math.max(2, Runtime.getRuntime().availableProcessors());
    this.workers = Executors.newFixedThreadPool(size, r -> {
      Thread t = new Thread(r, "code-sandbox-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "code-sandbox-watchdog");
      t.setDaemon(true);
      return t;
    });
    this.threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  }

  /** The result of one script: its {@code main} return value as JSON text. */
  public record Outcome(String json, long elapsedMicros, long allocatedBytes) {}

  /**
   * Runs {@code source} (which defines {@code function main(inputs)}) with the inputs given as JSON text.
   *
   * @param limit the node's own time limit; the shorter of it and the configured timeout applies
   * @throws NodeFailure {@code code.timeout}, {@code code.memory_limit}, {@code code.syntax_error},
   *     {@code code.runtime_error}, {@code code.invalid_result}
   */
  public Outcome run(String source, String inputsJson, Duration limit) {
    Duration budget = limit == null || limit.compareTo(timeout) > 0 ? timeout : limit;
    Future<Outcome> run = workers.submit(() -> execute(source, inputsJson, budget));
    try {
      return run.get();
    } catch (InterruptedException e) {
      run.cancel(true);
      Thread.currentThread().interrupt();
      throw new NodeFailure("code.cancelled", "the run was cancelled", false);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof NodeFailure failure) {
        throw failure;
      }
      throw new NodeFailure("code.runtime_error", String.valueOf(e.getCause().getMessage()), false, e.getCause());
    }
  }

  /**
   * The syntax error of the code, if any, with its line (checked when a definition is saved; nothing runs).
   */
  public Optional<String> syntaxError(String source) {
    try (Context context = sandboxContext()) {
      context.parse(Source.create("js", WRAPPER.formatted(source)));
      return Optional.empty();
    } catch (PolyglotException e) {
      if (!e.isSyntaxError()) {
        return Optional.empty();
      }
      String where = e.getSourceLocation() == null ? ""
          : " (line " + Math.max(1, e.getSourceLocation().getStartLine() - 2) + ")";
      return Optional.of("syntax error" + where + ": " + e.getMessage());
    }
  }

  private Context sandboxContext() {
    return Context.newBuilder("js")
        .engine(engine)
        .sandbox(SandboxPolicy.CONSTRAINED)
        .allowHostAccess(HostAccess.CONSTRAINED)
        .allowHostClassLookup(name -> false)
        .allowIO(IOAccess.NONE)
        .allowCreateThread(false)
        .allowCreateProcess(false)
        .allowNativeAccess(false)
        .allowEnvironmentAccess(EnvironmentAccess.NONE)
        .allowPolyglotAccess(PolyglotAccess.NONE)
        .out(OutputStream.nullOutputStream())
        .err(OutputStream.nullOutputStream())
        .build();
  }

  private Outcome execute(String source, String inputsJson, Duration budget) {
    long thread = Thread.currentThread().threadId();
    AtomicReference<String> stop = new AtomicReference<>();
    try (Context context = sandboxContext()) {
      // Evaluating the wrapper only parses the builder's code (its statements sit inside the function), so the
      // limits start with the call: a cold language start on a busy server does not count against the script.
      Value function = context.eval(Source.create("js", WRAPPER.formatted(source)));
      long allocatedBefore = threads.getThreadAllocatedBytes(thread);
      long started = System.nanoTime();
      ScheduledFuture<?> guard = watchdog.scheduleAtFixedRate(() -> {
        if (System.nanoTime() - started > budget.toNanos()) {
          cancel(context, stop, "timeout");
        } else if (threads.getThreadAllocatedBytes(thread) - allocatedBefore > allocationLimit) {
          cancel(context, stop, "memory_limit");
        }
      }, 5, 5, TimeUnit.MILLISECONDS);
      try {
        Value result = function.execute(inputsJson);
        String json = result.isNull() ? "null" : result.asString();
        return new Outcome(json, (System.nanoTime() - started) / 1000,
            threads.getThreadAllocatedBytes(thread) - allocatedBefore);
      } catch (PolyglotException e) {
        throw failure(e, stop.get(), budget);
      } finally {
        guard.cancel(false);
      }
    } catch (PolyglotException e) {
      // a syntax error, or closing a cancelled context, which reports the cancellation again
      throw failure(e, stop.get(), budget);
    }
  }

  private static void cancel(Context context, AtomicReference<String> stop, String why) {
    if (stop.compareAndSet(null, why)) {
      context.close(true);
    }
  }

  private NodeFailure failure(PolyglotException e, String stopped, Duration budget) {
    if ("timeout".equals(stopped)) {
      return new NodeFailure("code.timeout", "the code ran longer than " + budget.toMillis() + " ms", false);
    }
    if ("memory_limit".equals(stopped) || e.isResourceExhausted()) {
      return new NodeFailure("code.memory_limit", "the code allocated more than "
          + allocationLimit / (1024 * 1024) + " MB", false);
    }
    if (e.isSyntaxError()) {
      return new NodeFailure("code.syntax_error", e.getMessage(), false);
    }
    if (e.isCancelled()) {
      return new NodeFailure("code.cancelled", "the code was stopped", false);
    }
    return new NodeFailure("code.runtime_error", e.getMessage() + line(e), false);
  }

  /** Where in the builder's code the error arose: the first frame of the script (the wrapper adds two lines). */
  private static String line(PolyglotException e) {
    for (PolyglotException.StackFrame frame : e.getPolyglotStackTrace()) {
      if (frame.isGuestFrame() && frame.getSourceLocation() != null) {
        return " (line " + Math.max(1, frame.getSourceLocation().getStartLine() - 2) + ")";
      }
    }
    return "";
  }

  @Override
  public void destroy() {
    workers.shutdownNow();
    watchdog.shutdownNow();
    engine.close(true);
  }
}
