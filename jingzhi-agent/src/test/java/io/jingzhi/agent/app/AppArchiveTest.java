package io.jingzhi.agent.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jingzhi.agent.AgentException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppArchiveTest {

  @Test
  void writesAndReadsBackEveryEntry() {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("manifest.json", "{}".getBytes(StandardCharsets.UTF_8));
    entries.put("components/mcp_server-工具.json", "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
    Map<String, byte[]> back = AppArchive.read(AppArchive.write(entries));
    assertThat(back.keySet()).containsExactly("manifest.json", "components/mcp_server-工具.json");
    assertThat(back.get("components/mcp_server-工具.json")).isEqualTo(entries.get("components/mcp_server-工具.json"));
  }

  @Test
  void unsafeNamesAreRecognised() {
    assertThat(AppArchive.unsafe("../x")).isTrue();
    assertThat(AppArchive.unsafe("a/../../x")).isTrue();
    assertThat(AppArchive.unsafe("/etc/passwd")).isTrue();
    assertThat(AppArchive.unsafe("C:/x")).isTrue();
    assertThat(AppArchive.unsafe("a\\b")).isTrue();
    assertThat(AppArchive.unsafe("components/a..b.json")).isFalse();
    assertThat(AppArchive.unsafe("./app.yaml")).isFalse();
  }

  @Test
  void garbageIsNoTar() {
    assertThatThrownBy(() -> AppArchive.read("hello".repeat(300).getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(AgentException.class).extracting(e -> ((AgentException) e).code())
        .isEqualTo("app_archive.not_tar");
    assertThatThrownBy(() -> AppArchive.read(new byte[0])).isInstanceOf(AgentException.class);
  }
}
