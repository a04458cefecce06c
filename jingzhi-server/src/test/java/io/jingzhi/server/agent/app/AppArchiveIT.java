package io.jingzhi.server.agent.app;

import static io.jingzhi.server.agent.app.AppWorld.app;
import static io.jingzhi.server.agent.app.AppWorld.workflow;
import static io.jingzhi.server.support.IamFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.server.support.Multipart;
import io.jingzhi.server.support.ServerIT;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * App archives: an export holds the manifest with checksums, the app file without secrets and the component
 * descriptors; importing it under a new code gives the same definition; broken, tampered, unsafe and oversized
 * archives are refused with 422 and nothing is created; an existing app is never overwritten.
 */
class AppArchiveIT extends ServerIT {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static AppWorld shared;
  private static int sharedPort;

  private AppWorld w;
  private Multipart files;

  @BeforeEach
  void world() {
    if (shared == null || sharedPort != port) {
      shared = AppWorld.build(api, fx);
      sharedPort = port;
    }
    w = shared;
    files = new Multipart(port);
  }

  /**
   * A workflow with MCP nodes (a registered server and one that is not) and a database node besides the echo, so
   * components are referenced.
   */
  private static Map<String, Object> withComponents() {
    Map<String, Object> d = workflow("archive-secret");
    List<Object> nodes = new java.util.ArrayList<>((List<?>) d.get("nodes"));
    nodes.add(1, map("id", "today", "type", "mcp", "config", map("server", "jingzhi-tools", "tool", "current_time",
        "arguments", Map.of())));
    nodes.add(2, map("id", "stats", "type", "database", "config", map("connection", "no-such-connection",
        "mode", "sql", "sql", "select 1")));
    nodes.add(3, map("id", "ghost", "type", "mcp", "config", map("server", "no-such-server", "tool", "anything",
        "arguments", Map.of())));
    d.put("nodes", nodes);
    d.put("edges", List.of(map("source", "start", "target", "today"), map("source", "today", "target", "stats"),
        map("source", "stats", "target", "ghost"), map("source", "ghost", "target", "answer")));
    return d;
  }

  @Test
  void exportThenImportUnderANewCodeGivesTheSameDefinition() throws Exception {
    String code = unique("exp").toLowerCase();
    var created = api.post("/api/v1/apps", w.officeDev(), app(code, "workflow", w.project(), "tags",
        List.of("归档"), "definition", withComponents()));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    var export = files.download("/api/v1/apps/" + code + "/export", w.officeDev());
    assertThat(export.status()).isEqualTo(200);
    assertThat(export.contentType()).startsWith("application/x-tar");
    Map<String, byte[]> entries = untar(export.body());
    assertThat(entries).containsKeys("manifest.json", "app.yaml", "components/mcp_server-jingzhi-tools.json",
        "components/db_connection-no-such-connection.json", "components/mcp_server-no-such-server.json");
    JsonNode manifest = JSON.readTree(entries.get("manifest.json"));
    assertThat(manifest.get("format").asString()).isEqualTo("jingzhi-app-archive/1");
    assertThat(manifest.get("jingzhi_version").asString()).isNotBlank();
    assertThat(manifest.get("exported_at").asString()).isNotBlank();
    assertThat(manifest.get("sha256").get("app.yaml").asString()).isEqualTo(sha256(entries.get("app.yaml")));
    String appYaml = new String(entries.get("app.yaml"), StandardCharsets.UTF_8);
    assertThat(appYaml).contains("jingzhi-app/1").doesNotContain("archive-secret")
        .doesNotContain("enc:").contains("current_time");
    assertThat(new String(entries.get("components/mcp_server-jingzhi-tools.json"), StandardCharsets.UTF_8))
        .contains("current_time").contains("today");

    String copy = unique("imp").toLowerCase();
    var imported = files.upload("/api/v1/apps/import?project=" + w.project() + "&code=" + copy, w.officeDev(),
        code + ".tar", export.body());
    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);
    JsonNode answer = JSON.readTree(imported.body());
    assertThat(answer.get("app").get("code").asString()).isEqualTo(copy);
    assertThat(answer.get("app").get("tags").get(0).asString()).isEqualTo("归档");
    assertThat(answer.get("components").valueStream().map(c -> c.get("name").asString() + "=" + c.get("status")
        .asString())).containsExactlyInAnyOrder("jingzhi-tools=present", "no-such-connection=missing",
            "no-such-server=missing");
    assertThat(answer.get("missing_components").valueStream().map(JsonNode::asString))
        .containsExactlyInAnyOrder("no-such-connection", "no-such-server");

    JsonNode original = api.get("/api/v1/apps/" + code + "/draft", w.officeDev()).json().get("definition");
    JsonNode roundTrip = api.get("/api/v1/apps/" + copy + "/draft", w.officeDev()).json().get("definition");
    assertThat(roundTrip.get("nodes")).isEqualTo(original.get("nodes"));
    assertThat(roundTrip.get("edges")).isEqualTo(original.get("edges"));
    assertThat(roundTrip.get("format")).isEqualTo(original.get("format"));
    assertThat(roundTrip.get("environment").get(0).get("value").asString()).as("secret left out").isEmpty();
    assertThat(roundTrip.get("environment").get(1)).isEqualTo(original.get("environment").get(1));

    var conflict = files.upload("/api/v1/apps/import?project=" + w.project(), w.officeDev(), "a.tar",
        export.body());
    assertThat(conflict.statusCode()).as("never overwrites: %s", conflict.body()).isEqualTo(409);
    assertThat(conflict.body()).contains("app.code_taken");
  }

  @Test
  void anAssistantTravelsAsItsForm() throws Exception {
    String code = unique("asx").toLowerCase();
    api.post("/api/v1/apps", w.officeDev(), app(code, "assistant", w.project(), "assistant", map("model",
        "demo-chat", "system_prompt", "你好", "opening_questions", List.of("问题一"))));
    var export = files.download("/api/v1/apps/" + code + "/export", w.officeDev());
    String yaml = new String(untar(export.body()).get("app.yaml"), StandardCharsets.UTF_8);
    assertThat(yaml).contains("assistant:").contains("问题一").doesNotContain("definition:");
    String copy = unique("asy").toLowerCase();
    var imported = files.upload("/api/v1/apps/import?project=" + w.project() + "&code=" + copy, w.officeDev(),
        "a.tar", export.body());
    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);
    assertThat(api.get("/api/v1/apps/" + copy + "/draft", w.officeDev()).json().get("assistant"))
        .isEqualTo(api.get("/api/v1/apps/" + code + "/draft", w.officeDev()).json().get("assistant"));
  }

  @Test
  void badArchivesAreRefusedAndNothingIsCreated() throws Exception {
    String code = unique("good").toLowerCase();
    api.post("/api/v1/apps", w.officeDev(), app(code, "workflow", w.project(), "definition", workflow("x")));
    Map<String, byte[]> good = untar(files.download("/api/v1/apps/" + code + "/export", w.officeDev()).body());
    long before = jdbc.sql("select count(*) from agent_apps").query(Long.class).single();

    refused("not a tar".repeat(200).getBytes(StandardCharsets.UTF_8), "app_archive.not_tar");
    refused(new byte[0], "app_archive.not_tar");
    Map<String, byte[]> noApp = new LinkedHashMap<>(good);
    noApp.remove("app.yaml");
    refused(tar(noApp), "app_archive.incomplete");
    Map<String, byte[]> tampered = new LinkedHashMap<>(good);
    tampered.put("app.yaml", (new String(good.get("app.yaml"), StandardCharsets.UTF_8) + "\n# changed\n")
        .getBytes(StandardCharsets.UTF_8));
    refused(tar(tampered), "app_archive.checksum_mismatch");
    Map<String, byte[]> extra = new LinkedHashMap<>(good);
    extra.put("components/unlisted.json", "{}".getBytes(StandardCharsets.UTF_8));
    refused(tar(extra), "app_archive.checksum_mismatch");
    Map<String, byte[]> traversal = new LinkedHashMap<>(good);
    traversal.put("../../etc/evil", "x".getBytes(StandardCharsets.UTF_8));
    refused(tar(traversal), "app_archive.unsafe_path");
    Map<String, byte[]> absolute = new LinkedHashMap<>(good);
    absolute.put("/tmp/evil", "x".getBytes(StandardCharsets.UTF_8));
    refused(tar(absolute), "app_archive.unsafe_path");
    refused(new byte[10 * 1024 * 1024 + 1], "app_archive.too_large");
    Map<String, byte[]> notYaml = new LinkedHashMap<>(good);
    byte[] broken = "definition: [unclosed".getBytes(StandardCharsets.UTF_8);
    notYaml.put("app.yaml", broken);
    notYaml.put("manifest.json", JSON.writeValueAsBytes(Map.of("format", "jingzhi-app-archive/1",
        "sha256", Map.of("app.yaml", sha256(broken)))));
    refused(tar(notYaml), "app_file.invalid");
    Map<String, byte[]> future = new LinkedHashMap<>(good);
    future.put("manifest.json", JSON.writeValueAsBytes(Map.of("format", "jingzhi-app-archive/9")));
    refused(tar(future), "app_archive.unsupported_format");

    assertThat(jdbc.sql("select count(*) from agent_apps").query(Long.class).single()).isEqualTo(before);
    var wrongProject = files.upload("/api/v1/apps/import?project=" + w.bProject() + "&code=x-" + code,
        w.officeDev(), "a.tar", tar(good));
    assertThat(wrongProject.statusCode()).isEqualTo(404);
  }

  private void refused(byte[] archive, String code) {
    var res = files.upload("/api/v1/apps/import?project=" + w.project() + "&code=" + unique("r").toLowerCase(),
        w.officeDev(), "app.tar", archive);
    assertThat(res.statusCode()).as("%s: %s", code, res.body()).isEqualTo(422);
    assertThat(res.body()).contains("\"code\":\"" + code + "\"");
  }

  static Map<String, byte[]> untar(byte[] data) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (var in = new TarArchiveInputStream(new ByteArrayInputStream(data))) {
      TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) {
        entries.put(e.getName(), in.readAllBytes());
      }
    }
    return entries;
  }

  static byte[] tar(Map<String, byte[]> entries) throws IOException {
    var out = new ByteArrayOutputStream();
    try (var tar = new TarArchiveOutputStream(out)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (var e : entries.entrySet()) {
        var entry = new TarArchiveEntry(e.getKey(), true);
        entry.setSize(e.getValue().length);
        tar.putArchiveEntry(entry);
        tar.write(e.getValue());
        tar.closeArchiveEntry();
      }
    }
    return out.toByteArray();
  }

  static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }
}
