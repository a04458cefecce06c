package io.jingzhi.server.agent;

import static org.mockito.Mockito.mock;

import io.jingzhi.agent.AgentException;
import io.jingzhi.agent.app.AppDefinitions.RunnableApp;
import io.jingzhi.agent.definition.NodeSpec;
import io.jingzhi.agent.definition.WorkflowDefinition;
import io.jingzhi.agent.engine.NodeContext;
import io.jingzhi.agent.engine.NodeResult;
import io.jingzhi.agent.engine.NodeTrace;
import io.jingzhi.agent.engine.RunListener;
import io.jingzhi.agent.engine.RunOutcome;
import io.jingzhi.agent.engine.RunRequest;
import io.jingzhi.agent.engine.TokenUsage;
import io.jingzhi.agent.engine.WorkflowEngine;
import io.jingzhi.agent.intervention.Interventions;
import io.jingzhi.agent.run.node.SubWorkflowNode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Test doubles for the parts of the agent module the run side only calls: a scripted engine (nodes run in list
 * order; a node's type says what it does), a registry of apps ({@link RegisteredApps}) and a fixed intervention. They let the run API —
 * storage, traces, SSE, access, queueing, conversations, the {@code /v1} bridge — be tested on its own, with every
 * outcome known in advance. Mockito mocks with dispatching answers, so they fit whatever constructors the real
 * classes have.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import(RegisteredApps.class)
public class ScriptedAgent {

  /** The apps the registry serves, by code. */
  public static final Map<String, RunnableApp> APPS = RegisteredApps.APPS;
  /** The query an intervention answers. */
  public static final String INTERVENED_QUERY = "办事大厅几点开门";

  @Bean
  @Primary
  WorkflowEngine scriptedEngine(@Lazy SubWorkflowNode sub, JsonMapper json) {
    Script script = new Script(sub, json);
    return mock(WorkflowEngine.class, invocation -> switch (invocation.getMethod().getName()) {
      case "validate" -> List.of();
      case "compile" -> {
        WorkflowDefinition d = invocation.getArgument(0);
        if (d.nodes().isEmpty()) {
          throw new AgentException(HttpStatus.UNPROCESSABLE_CONTENT, "workflow.invalid", "no nodes",
              List.of(new io.jingzhi.common.error.FieldError("nodes", "must not be empty")));
        }
        yield (WorkflowEngine.CompiledWorkflow) () -> d;
      }
      case "run" -> script.run(invocation.<WorkflowEngine.CompiledWorkflow>getArgument(0).definition(),
          invocation.getArgument(1), invocation.getArgument(2), 0, Map.of(), "", TokenUsage.NONE);
      case "resume" -> {
        RunOutcome waiting = invocation.getArgument(1);
        Map<String, Object> submitted = invocation.getArgument(2);
        yield script.run(invocation.<WorkflowEngine.CompiledWorkflow>getArgument(0).definition(),
            invocation.getArgument(3), invocation.getArgument(4), waiting.state().get("next").asInt(), submitted,
            waiting.answer(), waiting.usage());
      }
      case "cancel" -> {
        script.cancelled.add(invocation.<Long>getArgument(0));
        yield null;
      }
      default -> invocation.callRealMethod();
    });
  }

  @Bean
  @Primary
  Interventions fixedIntervention() {
    return mock(Interventions.class, invocation -> {
      if (!invocation.getMethod().getName().equals("before")) {
        return invocation.callRealMethod();
      }
      String query = invocation.getArgument(2);
      return INTERVENED_QUERY.equals(query)
          ? Optional.of(new Interventions.Intervened("工作日 9:00–17:00", "qa", 42, 0.97)) : Optional.empty();
    });
  }

  /** Executes a definition node by node; the type of a node says what it does. */
  static final class Script {
    /** Runs cancelled on this engine (per context: run ids start again on every fresh database). */
    final Set<Long> cancelled = ConcurrentHashMap.newKeySet();
    private final SubWorkflowNode sub;
    private final JsonMapper json;

    Script(SubWorkflowNode sub, JsonMapper json) {
      this.sub = sub;
      this.json = json;
    }

    RunOutcome run(WorkflowDefinition d, RunRequest request, RunListener listener, int from,
        Map<String, Object> submitted, String answerSoFar, TokenUsage usageSoFar) {
      StringBuilder answer = new StringBuilder(answerSoFar == null ? "" : answerSoFar);
      TokenUsage usage = usageSoFar;
      Map<String, Object> conversation = new LinkedHashMap<>(request.conversation());
      long runId = request.info().runId();
      for (int i = from; i < d.nodes().size(); i++) {
        NodeSpec n = d.nodes().get(i);
        Instant at = Instant.now();
        listener.nodeStarted(n.id(), n.id(), n.type(), n.title());
        Map<String, Object> inputs = Map.of();
        Map<String, Object> outputs = Map.of();
        switch (n.type()) {
          case "start" -> outputs = request.inputs();
          case "answer" -> {
            String text = n.config().path("text").asString()
                .replace("{{sys.query}}", String.valueOf(request.info().query()))
                .replace("{{history}}", Integer.toString(request.info().history().size()))
                .replace("{{conv.turns}}", String.valueOf(conversation.getOrDefault("turns", 0)))
                .replace("{{human}}", String.valueOf(submitted))
                .replace("{{depth}}", Integer.toString(request.info().depth()));
            int half = text.length() / 2;
            listener.answerDelta(text.substring(0, half));
            listener.answerDelta(text.substring(half));
            answer.append(text);
            outputs = Map.of("answer", text);
            usage = usage.plus(new TokenUsage(3, 5));
          }
          case "counter" -> conversation.put("turns", ((Number) conversation.getOrDefault("turns", 0)).intValue() + 1);
          case "secret" -> {
            inputs = Map.of("authorization", "Bearer " + request.environment().get("TOKEN"), "url",
                "https://x.example/?k=" + request.environment().get("TOKEN"));
            outputs = Map.of("long", "长".repeat(30_000));
          }
          case "fail" -> {
            listener.nodeFinished(trace(n, "failed", inputs, Map.of(), "scripted.failure", "失败了", at, 2));
            return new RunOutcome("failed", Map.of(), answer.toString(), usage, "scripted.failure", "失败了", n.id(),
                conversation, null);
          }
          case "slow" -> {
            while (!cancelled.contains(runId)) {
              sleep();
            }
            listener.nodeFinished(trace(n, "failed", inputs, Map.of(), "run.cancelled", "cancelled", at, 1));
            return new RunOutcome("cancelled", Map.of(), answer.toString(), usage, "run.cancelled", "cancelled",
                n.id(), conversation, null);
          }
          case "human_input" -> {
            if (i != from || submitted.isEmpty()) {
              ObjectNode form = json.createObjectNode();
              form.put("prompt", n.config().path("prompt").asString());
              form.set("fields", n.config().get("fields"));
              listener.waiting(n.id(), form);
              listener.nodeFinished(trace(n, "waiting", inputs, Map.of(), null, null, at, 1));
              ObjectNode state = json.createObjectNode().put("next", i);
              return new RunOutcome("waiting", Map.of(), answer.toString(), usage, null, null, null, conversation,
                  state);
            }
            outputs = submitted;
          }
          case "sub_workflow" -> {
            try {
              NodeResult r = sub.execute(context(n, request));
              outputs = r.outputs();
              usage = usage.plus(r.usage());
            } catch (io.jingzhi.agent.engine.NodeFailure f) {
              listener.nodeFinished(trace(n, "failed", inputs, Map.of(), f.code(), f.getMessage(), at, 1));
              return new RunOutcome("failed", Map.of(), answer.toString(), usage, f.code(), f.getMessage(), n.id(),
                  conversation, null);
            }
          }
          default -> { }
        }
        listener.nodeFinished(trace(n, "succeeded", inputs, outputs, null, null, at, 1));
      }
      return new RunOutcome("succeeded", Map.of("answer", answer.toString()), answer.toString(), usage, null, null,
          null, conversation, null);
    }

    private NodeContext context(NodeSpec n, RunRequest request) {
      return new NodeContext() {
        @Override
        public NodeSpec node() {
          return n;
        }

        @Override
        public io.jingzhi.agent.engine.RunInfo run() {
          return request.info();
        }

        @Override
        public Object value(String selector) {
          return null;
        }

        @Override
        public String render(String template) {
          return template;
        }

        @Override
        public Object resolve(JsonNode value) {
          return value == null ? null : json.convertValue(value, Object.class);
        }

        @Override
        public void emit(String delta) {}

        @Override
        public Duration timeLeft() {
          return Duration.ofMinutes(1);
        }

        @Override
        public boolean cancelled() {
          return false;
        }

        @Override
        public SubgraphResult runBody(String bodyOwnerId, Map<String, Object> scope) {
          throw new UnsupportedOperationException();
        }
      };
    }

    private static NodeTrace trace(NodeSpec n, String status, Map<String, Object> inputs, Map<String, Object> outputs,
        String errorCode, String errorMessage, Instant at, int attempts) {
      return new NodeTrace(n.id(), n.id(), n.type(), n.title(), status, inputs, outputs, Map.of(), null, attempts,
          errorCode, errorMessage, at, Math.max(1, Duration.between(at, Instant.now()).toNanos() / 1000),
          n.type().equals("answer") ? new TokenUsage(3, 5) : TokenUsage.NONE);
    }

    private static void sleep() {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
