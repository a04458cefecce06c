package io.jingzhi.gateway.openai;

import io.jingzhi.guard.api.Guard;
import io.jingzhi.guard.api.GuardRequest;
import io.jingzhi.guard.api.GuardSubject;
import io.jingzhi.guard.api.GuardVerdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * The security guard on the texts of {@code /v1/embeddings} and {@code /v1/rerank}: each text is checked as an input
 * with the rules (personal data, lexicons, prompt-attack features; no classifier, so a batch of 2,048 inputs costs
 * rules time per text, not an embedding per text), masked when the verdict masks, and the whole call is refused
 * with an OpenAI error when one text is stopped (there is no answer text to put a refusal in). The usage record
 * says what happened ({@code guard_input}).
 */
@Component
class InputTexts {

  private final ChatGuard guard;
  private final Guard checks;

  InputTexts(ChatGuard guard, Guard checks) {
    this.guard = guard;
    this.checks = checks;
  }

  /**
   * The texts as the model may see them (masked where the guard masks), or the same list when the guard is off.
   *
   * @throws OpenAiException 400 {@code content_filter} when the guard stops a text (its refusal as the message)
   */
  List<String> inspect(CallContext ctx, String model, List<String> texts, String param) {
    if (!guard.enabled()) {
      return texts;
    }
    GuardSubject subject = guard.subject(ctx, model);
    List<String> out = new ArrayList<>(texts.size());
    for (String text : texts) {
      if (text.isBlank()) {
        out.add(text);
        continue;
      }
      GuardVerdict verdict = checks.check(subject, GuardRequest.secondaryInput(text, true));
      if (verdict.stops()) {
        ctx.guardInput = verdict.action().name().toLowerCase(Locale.ROOT);
        throw new OpenAiException(400, "invalid_request_error", "content_filter", param,
            verdict.answer() != null ? verdict.answer() : "The input was refused by the content filter.");
      }
      if (verdict.masks()) {
        ctx.guardInput = "mask";
      }
      out.add(verdict.masks() ? verdict.text() : text);
    }
    return out;
  }
}
