package io.jingzhi.guard.lexicon;

import io.jingzhi.guard.engine.lexicon.RiskClass;
import io.jingzhi.guard.engine.lexicon.RiskType;
import io.jingzhi.iam.api.Callers;
import io.jingzhi.iam.api.Permissions;
import java.util.Arrays;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The TC260-003 / GB/T 45654-2025 risk classes and types, with Chinese and English names, for the portal's selects. */
@RestController
public class RiskTypeController {

  /** A risk class (A.1 … A.5). */
  public record RiskClassView(String code, String nameZh, String nameEn) {}

  /** A risk type (A.1.1 … A.5.2) and its class. */
  public record RiskTypeView(String code, String classCode, String nameZh, String nameEn) {}

  /** All five classes and 31 types in the standard's order. */
  public record RiskTypes(List<RiskClassView> classes, List<RiskTypeView> types) {}

  @GetMapping("/api/v1/guard/risk-types")
  public RiskTypes riskTypes() {
    // The standard's catalog: guard managers pick from it, auditors read event categories with it.
    var caller = Callers.current();
    if (!caller.can(Permissions.GUARD_MANAGE) && !caller.can(Permissions.AUDIT_READ)) {
      caller.require(Permissions.GUARD_MANAGE);
    }
    return new RiskTypes(
        Arrays.stream(RiskClass.values()).map(c -> new RiskClassView(c.code(), c.nameZh(), c.nameEn())).toList(),
        Arrays.stream(RiskType.values())
            .map(t -> new RiskTypeView(t.code(), t.riskClass().code(), t.nameZh(), t.nameEn())).toList());
  }
}
