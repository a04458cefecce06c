package io.jingzhi.agent.component;

import io.jingzhi.agent.app.AppDefinitions;
import io.jingzhi.iam.api.Caller;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Published apps the caller may run, offered as sub-workflows. */
@Component
public class AppComponents implements ComponentSource {

  private final AppDefinitions apps;

  public AppComponents(AppDefinitions apps) {
    this.apps = apps;
  }

  @Override
  public List<ComponentItem> components(Caller caller) {
    return apps.usable(caller).stream()
        .map(a -> new ComponentItem("app", a.code(), a.name(), a.name(), "app", a.description(), a.description(),
            List.of(a.type()), Map.of("app", a.code(), "type", a.type(), "node_type", "sub_workflow")))
        .toList();
  }
}
