package io.jingzhi.iam.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The shared skeleton of list sections and the context's helpers every section uses. */
class ListBootstrapSectionTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** A section of {@code notes: [{code}]} that records what it is handed. */
  static final class Notes extends ListBootstrapSection {
    final List<String> applied = new ArrayList<>();

    Notes() {
      super("notes", 42, "notes");
    }

    @Override
    protected void validate(JsonNode entry, String path, Set<String> declared, BootstrapContext ctx) {
      String code = text(entry, "code");
      if (code == null) {
        ctx.problem(path + ".code", "required");
      } else if (!declared.add(code)) {
        ctx.problem(path + ".code", "declared twice");
      }
    }

    @Override
    public void apply(JsonNode section, BootstrapContext ctx) {
      entries(section).forEach(e -> applied.add(e.path() + "=" + e.node().get("code").asString()));
    }
  }

  /** Records problems; the rest of the context is not needed here. */
  static final class Recording implements BootstrapContext {
    final List<String> problems = new ArrayList<>();
    private final String source;

    Recording(String source) {
      this.source = source;
    }

    @Override
    public String source() {
      return source;
    }

    @Override
    public void problem(String path, String message) {
      problems.add(path + ": " + message);
    }

    @Override
    public Optional<String> resolve(String path, String text) {
      return Optional.of(text);
    }

    @Override
    public boolean orgExists(String code) {
      return false;
    }

    @Override
    public boolean projectExists(String code) {
      return false;
    }

    @Override
    public boolean appExists(String code) {
      return false;
    }

    @Override
    public Optional<Long> orgId(String code) {
      return Optional.empty();
    }

    @Override
    public Optional<Long> projectId(String code) {
      return Optional.empty();
    }

    @Override
    public Optional<Long> appId(String code) {
      return Optional.empty();
    }

    @Override
    public void changed(String summary) {}
  }

  private final Recording ctx = new Recording("/etc/jingzhi/bootstrap.yaml");

  @Test
  void keyAndOrderComeFromTheConstructor() {
    Notes notes = new Notes();
    assertThat(notes.key()).isEqualTo("notes");
    assertThat(notes.getOrder()).isEqualTo(42);
  }

  @Test
  void aSectionThatIsNotAListIsOneProblemAtItsKey() {
    new Notes().validate(JSON.readTree("{\"code\": \"a\"}"), ctx);
    assertThat(ctx.problems).containsExactly("notes: must be a list of notes");
  }

  @Test
  void entriesAreCheckedWithTheirPathsAndShareTheDeclaredSet() {
    new Notes().validate(JSON.readTree("[{\"code\": \"a\"}, {}, {\"code\": \"a\"}]"), ctx);
    assertThat(ctx.problems).containsExactly("notes[1].code: required", "notes[2].code: declared twice");
  }

  @Test
  void applyGetsTheEntriesInFileOrder() {
    Notes notes = new Notes();
    notes.apply(JSON.readTree("[{\"code\": \"x\"}, {\"code\": \"y\"}]"), ctx);
    assertThat(notes.applied).containsExactly("notes[0]=x", "notes[1]=y");
  }

  @Test
  void textIsNullForAbsentAndNullFields() {
    JsonNode node = JSON.readTree("{\"a\": \"v\", \"b\": null, \"c\": 3}");
    assertThat(ListBootstrapSection.text(node, "a")).isEqualTo("v");
    assertThat(ListBootstrapSection.text(node, "b")).isNull();
    assertThat(ListBootstrapSection.text(node, "missing")).isNull();
    assertThat(ListBootstrapSection.text(node, "c")).isEqualTo("3");
  }

  @Test
  void besideFileResolvesAgainstTheFilesFolder() {
    assertThat(ctx.besideFile("docs/a.md")).isEqualTo(Path.of("/etc/jingzhi/docs/a.md"));
    assertThat(ctx.besideFile("../x/../b.sql")).isEqualTo(Path.of("/etc/b.sql"));
    assertThat(new Recording("bootstrap.yaml").besideFile("a.md"))
        .isEqualTo(Path.of("a.md").toAbsolutePath().normalize());
  }

  @Test
  void mappingReportsANonMappingAndEveryUnknownField() {
    assertThat(ctx.mapping(JSON.readTree("[1]"), Set.of("a"), "s[0]")).isFalse();
    assertThat(ctx.mapping(JSON.readTree("{\"a\": 1, \"b\": 2, \"c\": 3}"), Set.of("a"), "s[1]")).isTrue();
    assertThat(ctx.problems).containsExactly("s[0]: must be a mapping", "s[1].b: unknown field",
        "s[1].c: unknown field");
  }
}
