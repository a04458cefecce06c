package io.jingzhi.agent.intervention;

import io.jingzhi.agent.AgentCallers;
import io.jingzhi.common.error.ApiException;
import io.jingzhi.common.paging.PageQuery;
import io.jingzhi.common.paging.PageResult;
import io.jingzhi.iam.api.Audited;
import io.jingzhi.iam.api.Caller;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/**
 * An app's intervention: {@code /api/v1/apps/{code}/interventions/qa|rules|settings} (docs/agent-api.md,
 * "Intervention and feedback"). Work of signed-in users: API keys get 403 {@code user_only}.
 */
@RestController
@RequestMapping("/api/v1/apps/{code}/interventions")
public class InterventionController {

  private final InterventionService service;

  public InterventionController(InterventionService service) {
    this.service = service;
  }

  @GetMapping("/qa")
  public PageResult<QaPair> pairs(@PathVariable String code, @RequestParam(required = false) String q,
      @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
    return service.pairs(AgentCallers.user(), code, q, PageQuery.of(page, size));
  }

  @PostMapping("/qa")
  @ResponseStatus(HttpStatus.CREATED)
  @Audited(value = "agent.intervention.qa.create", target = InterventionService.RESOURCE)
  public QaPair createPair(@PathVariable String code, @RequestBody Specs.QaSpec spec) {
    return service.createPair(AgentCallers.user(), code, spec);
  }

  @PatchMapping("/qa/{id}")
  @Audited(value = "agent.intervention.qa.update", target = InterventionService.RESOURCE)
  public QaPair updatePair(@PathVariable String code, @PathVariable long id, @RequestBody Specs.QaSpec spec) {
    return service.updatePair(AgentCallers.user(), code, id, spec);
  }

  @DeleteMapping("/qa/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Audited(value = "agent.intervention.qa.delete", target = InterventionService.RESOURCE)
  public void deletePair(@PathVariable String code, @PathVariable long id) {
    service.deletePair(AgentCallers.user(), code, id);
  }

  /**
   * Imports a CSV or XLSX file of pairs (multipart field {@code file}, columns {@code question, answer}); the app
   * is checked before the file is read, so another tenant's app answers 404 whatever is sent.
   */
  @PostMapping("/qa/import")
  @Audited(value = "agent.intervention.qa.import", target = InterventionService.RESOURCE)
  public InterventionService.ImportResult importPairs(@PathVariable String code, HttpServletRequest request)
      throws IOException {
    Caller caller = AgentCallers.user();
    service.requireWritable(caller, code); // 404 (or 403) before anything is read
    MultipartFile file = request instanceof MultipartHttpServletRequest multipart ? multipart.getFile("file") : null;
    if (file == null || file.isEmpty()) {
      throw ApiException.invalid("file", "required: a CSV or XLSX file sent as multipart/form-data field 'file'");
    }
    return service.importPairs(caller, code, QaFiles.read(file.getBytes()));
  }

  @GetMapping("/rules")
  public Map<String, List<Rule>> rules(@PathVariable String code) {
    return Map.of("items", service.rules(AgentCallers.user(), code));
  }

  @PostMapping("/rules")
  @ResponseStatus(HttpStatus.CREATED)
  @Audited(value = "agent.intervention.rule.create", target = InterventionService.RESOURCE)
  public Rule createRule(@PathVariable String code, @RequestBody Specs.RuleSpec spec) {
    return service.createRule(AgentCallers.user(), code, spec);
  }

  @PatchMapping("/rules/{id}")
  @Audited(value = "agent.intervention.rule.update", target = InterventionService.RESOURCE)
  public Rule updateRule(@PathVariable String code, @PathVariable long id, @RequestBody Specs.RuleSpec spec) {
    return service.updateRule(AgentCallers.user(), code, id, spec);
  }

  @DeleteMapping("/rules/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Audited(value = "agent.intervention.rule.delete", target = InterventionService.RESOURCE)
  public void deleteRule(@PathVariable String code, @PathVariable long id) {
    service.deleteRule(AgentCallers.user(), code, id);
  }

  @GetMapping("/settings")
  public InterventionSettings settings(@PathVariable String code) {
    return service.settings(AgentCallers.user(), code);
  }

  @PutMapping("/settings")
  @Audited(value = "agent.intervention.settings.update", target = InterventionService.RESOURCE)
  public InterventionSettings updateSettings(@PathVariable String code, @RequestBody Specs.SettingsSpec spec) {
    return service.updateSettings(AgentCallers.user(), code, spec);
  }
}
