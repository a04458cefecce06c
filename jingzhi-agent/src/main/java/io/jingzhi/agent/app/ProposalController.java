package io.jingzhi.agent.app;

import io.jingzhi.agent.AgentCallers;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Drafting an app from a description ({@code POST /api/v1/apps/draft}); nothing is saved. */
@RestController
public class ProposalController {

  private final NaturalLanguageDrafts drafts;

  public ProposalController(NaturalLanguageDrafts drafts) {
    this.drafts = drafts;
  }

  @PostMapping("/api/v1/apps/draft")
  public NaturalLanguageDrafts.Proposal draft(@RequestBody NaturalLanguageDrafts.Request request) {
    return drafts.draft(AgentCallers.user(), request);
  }
}
