package io.jingzhi.agent.app;

import io.jingzhi.agent.AgentCallers;

import io.jingzhi.iam.api.Audited;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The draft of an app, its checks, publishing and versions ({@code /api/v1/apps/{code}/...}). */
@RestController
@RequestMapping("/api/v1/apps/{code}")
public class DraftController {

  private final DraftService drafts;

  public DraftController(DraftService drafts) {
    this.drafts = drafts;
  }

  record PublishBody(@Size(max = 2000) String note) {}

  @GetMapping("/draft")
  public DraftService.VersionView draft(@PathVariable String code) {
    return drafts.draft(AgentCallers.user(), code);
  }

  @PutMapping("/draft")
  @Audited(value = "agent.app.draft", target = "agent_app")
  public DraftService.VersionView saveDraft(@PathVariable String code, @RequestBody DraftService.DraftBody body) {
    return drafts.saveDraft(AgentCallers.user(), code, body);
  }

  @PostMapping("/validate")
  public DraftService.Check validate(@PathVariable String code, @RequestBody DraftService.DraftBody body) {
    return drafts.check(AgentCallers.user(), code, body);
  }

  @PostMapping("/publish")
  @Audited(value = "agent.app.publish", target = "agent_app")
  public DraftService.VersionView publish(@PathVariable String code,
      @RequestBody(required = false) PublishBody body) {
    return drafts.publish(AgentCallers.user(), code, body == null ? null : body.note());
  }

  @GetMapping("/versions")
  public List<DraftService.VersionView> versions(@PathVariable String code) {
    return drafts.versions(AgentCallers.user(), code);
  }

  @GetMapping("/versions/{version}")
  public DraftService.VersionView version(@PathVariable String code, @PathVariable int version) {
    return drafts.version(AgentCallers.user(), code, version);
  }

  @PostMapping("/versions/{version}/restore")
  @Audited(value = "agent.app.restore", target = "agent_app")
  public DraftService.VersionView restore(@PathVariable String code, @PathVariable int version) {
    return drafts.restore(AgentCallers.user(), code, version);
  }
}
