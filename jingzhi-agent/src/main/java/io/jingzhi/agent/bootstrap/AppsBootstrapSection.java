package io.jingzhi.agent.bootstrap;

import io.jingzhi.agent.AgentException;
import io.jingzhi.agent.app.AppFile;
import io.jingzhi.agent.app.AppFileLoader;
import io.jingzhi.agent.app.AppInput;
import io.jingzhi.agent.app.DefinitionCodec;
import io.jingzhi.common.error.FieldError;
import io.jingzhi.iam.api.BootstrapContext;
import io.jingzhi.iam.api.ListBootstrapSection;
import io.jingzhi.iam.api.ProjectDirectory;
import io.jingzhi.iam.api.UserCallers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code apps_definitions} section of the bootstrap file: {@code [{code, project, file}]}, each file (relative
 * to the bootstrap file) an app file in the export's {@code app.yaml} shape, with {@code publish: true} to publish
 * it. Every definition is checked by the engine while the file is validated — with every node executor of the
 * build registered — and a problem names the file and the node. Applying is idempotent: an app is created when
 * missing, its draft refreshed and re-published only when its file changed. Environment values may be
 * {@code ${ENV_VAR}} references.
 */
@Component
class AppsBootstrapSection extends ListBootstrapSection {

  private final AppFileLoader loader;
  private final DefinitionCodec codec;
  private final ProjectDirectory directory;
  private final UserCallers users;

  /** After the knowledge bases (300) the apps answer from. */
  AppsBootstrapSection(AppFileLoader loader, DefinitionCodec codec, ProjectDirectory directory, UserCallers users) {
    super("apps_definitions", 500, "{code, project, file}");
    this.loader = loader;
    this.codec = codec;
    this.directory = directory;
    this.users = users;
  }

  @Override
  protected void validate(JsonNode entry, String path, Set<String> codes, BootstrapContext ctx) {
    String code = entry.path("code").asString("");
    if (!code.matches(AppInput.CODE)) {
      ctx.problem(path + ".code", "required: lowercase letters, digits and -, starting with a letter (2 to 64)");
    } else if (!codes.add(code)) {
      ctx.problem(path + ".code", "the app " + code + " is declared twice");
    }
    String project = entry.path("project").asString("");
    if (!ctx.projectExists(project)) {
      ctx.problem(path + ".project", "no project with the code '" + project + "'");
    }
    AppFile file = read(entry, path, ctx);
    if (file == null) {
      return;
    }
    for (FieldError error : loader.check(file, code)) {
      ctx.problem(path + ".file", entry.path("file").asString() + ": " + error.field() + ": " + error.message());
    }
  }

  @Override
  public void apply(JsonNode section, BootstrapContext ctx) {
    long admin = users.bootstrapAdmin();
    for (Entry item : entries(section)) {
      JsonNode entry = item.node();
      String path = item.path();
      AppFile file = read(entry, path, ctx);
      if (file == null) {
        continue;
      }
      var project = directory.byCode(entry.path("project").asString()).orElseThrow();
      try {
        loader.load(file, entry.path("code").asString(), project, admin).forEach(ctx::changed);
      } catch (AgentException e) {
        ctx.problem(path, entry.path("file").asString() + ": " + e.getMessage());
      }
    }
  }

  private AppFile read(JsonNode entry, String path, BootstrapContext ctx) {
    String relative = entry.path("file").asString("");
    if (relative.isBlank()) {
      ctx.problem(path + ".file", "required: the app file, relative to the bootstrap file");
      return null;
    }
    Path file = ctx.besideFile(relative);
    if (!Files.isRegularFile(file)) {
      ctx.problem(path + ".file", "no file " + file);
      return null;
    }
    try {
      JsonNode tree = codec.readYaml(Files.readString(file));
      resolveEnvironment(tree, path + ".file", ctx);
      return AppFile.read(tree, relative);
    } catch (IOException | JacksonException e) {
      ctx.problem(path + ".file", relative + ": cannot be read as YAML or JSON: " + e.getMessage());
    } catch (AgentException e) {
      e.fieldErrors().forEach(f -> ctx.problem(path + ".file", relative + ": " + f.field() + ": " + f.message()));
    }
    return null;
  }

  /** {@code ${ENV_VAR}} in environment values, resolved so secrets need not be written into the file. */
  private static void resolveEnvironment(JsonNode tree, String path, BootstrapContext ctx) {
    for (JsonNode v : tree.path("definition").path("environment")) {
      JsonNode value = v.get("value");
      if (v instanceof ObjectNode o && value != null && value.isString() && value.asString().contains("${")) {
        o.put("value", ctx.resolve(path, value.asString()).orElse(""));
      }
    }
  }
}
