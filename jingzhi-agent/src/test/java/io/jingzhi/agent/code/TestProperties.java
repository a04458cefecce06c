package io.jingzhi.agent.code;

import io.jingzhi.agent.AgentProperties;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

/** The module's settings as Spring binds them, with the code limits given. */
final class TestProperties {

  private TestProperties() {}

  static AgentProperties withCode(Duration timeout, DataSize memory) {
    var source = new MapConfigurationPropertySource(java.util.Map.of(
        "jingzhi.agent.code.timeout", timeout.toMillis() + "ms",
        "jingzhi.agent.code.memory-limit", memory.toBytes() + "B"));
    return new Binder(source).bind("jingzhi.agent", Bindable.of(AgentProperties.class)).get();
  }
}
