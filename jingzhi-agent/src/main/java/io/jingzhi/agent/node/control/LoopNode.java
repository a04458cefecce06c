package io.jingzhi.agent.node.control;

import io.jingzhi.agent.AgentProperties;
import io.jingzhi.agent.definition.NodeSpec;
import io.jingzhi.agent.definition.VarType;
import io.jingzhi.agent.engine.NodeContext;
import io.jingzhi.agent.engine.NodeContext.SubgraphResult;
import io.jingzhi.agent.engine.NodeExecutor;
import io.jingzhi.agent.engine.NodeFailure;
import io.jingzhi.agent.engine.NodeResult;
import io.jingzhi.agent.engine.Selector;
import io.jingzhi.agent.engine.Template;
import io.jingzhi.agent.engine.Validation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * {@code loop}: runs its {@code body} (a sub-graph; body nodes without incoming edges start each iteration) once
 * per element of {@code items}, {@code parallelism} (1–8) at a time; each iteration sees {@code {{loop.item}}}
 * and {@code {{loop.index}}}. Output {@code results}: {@code output} evaluated in each iteration, in item order.
 * The first failing iteration fails the node (its error names the body node).
 */
@Component
public class LoopNode implements NodeExecutor {

  public static final String TYPE = "loop";

  private final int maxItems;
  private final int maxParallel;

  @Autowired
  public LoopNode(AgentProperties properties) {
    this(properties.engine().maxLoopItems(), properties.engine().maxParallel());
  }

  public LoopNode(int maxItems, int maxParallel) {
    this.maxItems = maxItems;
    this.maxParallel = maxParallel;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Map<String, VarType> outputs(NodeSpec node) {
    return Map.of("results", VarType.ARRAY_ANY);
  }

  @Override
  public void validate(NodeSpec node, Validation validation) {
    String items = Configs.requireText(node, "items", validation);
    if (items != null) {
      if (!Configs.isReference(items)) {
        validation.error("config.items", "must be one reference to an array, such as {{start.files}}");
      } else {
        validation.typeOf(Selector.strip(items)).ifPresent(type -> {
          if (!type.isArray() && type != VarType.ANY) {
            validation.error("config.items", "must be an array, " + Selector.strip(items) + " is " + type.wire());
          }
        });
      }
    }
    Configs.requireText(node, "output", validation);
    var parallelism = Configs.field(node, "parallelism");
    if (!parallelism.isMissingNode() && (!parallelism.isIntegralNumber() || parallelism.asInt() < 1
        || parallelism.asInt() > 8)) {
      validation.error("config.parallelism", "must be 1 to 8");
    }
    var max = Configs.field(node, "max_items");
    if (!max.isMissingNode() && (!max.isIntegralNumber() || max.asInt() < 1 || max.asInt() > maxItems)) {
      validation.error("config.max_items", "must be 1 to " + maxItems);
    }
  }

  @Override
  public NodeResult execute(NodeContext context) throws InterruptedException {
    NodeSpec node = context.node();
    Object resolved = context.resolve("items");
    if (!(resolved instanceof List<?> items)) {
      throw new NodeFailure("loop.items_not_array", "items is not an array but "
          + (resolved == null ? "empty" : resolved.getClass().getSimpleName()), false);
    }
    int limit = Math.min(maxItems, Configs.field(node, "max_items").asInt(maxItems));
    if (items.size() > limit) {
      throw new NodeFailure("loop.too_many_items", items.size() + " items, at most " + limit, false);
    }
    int parallelism = Math.max(1, Math.min(maxParallel, Configs.field(node, "parallelism").asInt(1)));
    Template output = Template.parse(Configs.text(node, "output"));
    Object[] results = new Object[items.size()];
    AtomicInteger next = new AtomicInteger();
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    Runnable worker = () -> {
      for (int i = next.getAndIncrement(); i < results.length && failure.get() == null && !context.cancelled();
          i = next.getAndIncrement()) {
        try {
          SubgraphResult body = context.runBody(node.id(), Map.of("item", items.get(i) == null ? "" : items.get(i),
              "index", (long) i));
          results[i] = evaluate(output, body.outputs(), context);
        } catch (RuntimeException e) {
          failure.compareAndSet(null, e);
        }
      }
    };
    if (parallelism == 1 || results.length <= 1) {
      worker.run();
    } else {
      try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int w = 0; w < Math.min(parallelism, results.length); w++) {
          threads.submit(worker);
        }
      }
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    if (context.cancelled()) {
      throw new NodeFailure("run.cancelled", "the run was stopped", false);
    }
    return NodeResult.of(Map.of("results", new ArrayList<>(Arrays.asList(results))))
        .withDetails(Map.of("items", results.length, "parallelism", parallelism));
  }

  /** The {@code output} of one iteration: body outputs first, then what the loop itself sees. */
  private static Object evaluate(Template output, Map<String, Map<String, Object>> body, NodeContext context) {
    Function<Selector, Object> values = s -> body.containsKey(s.head())
        ? Selector.walk(body.get(s.head()), s.path(), 0) : context.value(s.text());
    return output.isSingleReference() ? values.apply(output.segments().get(0).selector()) : output.render(values);
  }
}
