package io.jingzhi.agent.component;

import io.jingzhi.iam.api.Caller;
import java.util.List;

/**
 * A feature that offers components to the catalog (node types, MCP tools, database connections, apps usable as
 * sub-workflows). Every implementation is a Spring bean; it answers only what the caller may use and does no slow
 * I/O (stored state, not live servers).
 */
public interface ComponentSource {

  List<ComponentItem> components(Caller caller);
}
