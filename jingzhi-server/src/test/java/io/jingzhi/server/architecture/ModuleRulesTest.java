package io.jingzhi.server.architecture;

import static com.tngtech.archunit.lang.SimpleConditionEvent.violated;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module rules of ARCHITECTURE.md: modules depend only downwards
 * ({@code common ← iam ← guard ← gateway ← knowledge ← agent}, later modules on top), without cycles, and a
 * module uses another only through that module's root package or its {@code api} package.
 */
class ModuleRulesTest {

  /** Each module and the modules it may use. A new module must be added here, in its place. */
  static final Map<String, Set<String>> ALLOWED = Map.of(
      "common", Set.of(),
      "iam", Set.of("common"),
      "guard", Set.of("common", "iam"),
      "gateway", Set.of("common", "iam", "guard"),
      "knowledge", Set.of("common", "iam", "guard", "gateway"),
      "agent", Set.of("common", "iam", "guard", "gateway", "knowledge"),
      "simulator", Set.of(),
      "bench", Set.of("common", "iam", "guard", "gateway", "knowledge", "agent", "server", "simulator"),
      "server", Set.of("common", "iam", "guard", "gateway", "knowledge", "agent", "simulator"));

  static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.jingzhi");
  }

  @Test
  void everyModuleIsKnown() {
    Set<String> modules = new TreeSet<>();
    classes.forEach(c -> modules.add(moduleOf(c)));
    assertThat(ALLOWED.keySet()).as("modules found in io.jingzhi.*").containsAll(modules);
    assertThat(modules).as("sanity: the scan sees the modules").contains("common", "iam", "server");
  }

  @Test
  void modulesAreFreeOfCycles() {
    slices().matching("io.jingzhi.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void modulesDependOnlyDownwards() {
    ArchRuleDefinition.classes().should(new ArchCondition<>("use only the modules below them") {
      @Override
      public void check(JavaClass item, ConditionEvents events) {
        String from = moduleOf(item);
        for (Dependency d : item.getDirectDependenciesFromSelf()) {
          JavaClass target = d.getTargetClass();
          if (!target.getPackageName().startsWith("io.jingzhi.")) {
            continue;
          }
          String to = moduleOf(target);
          if (!to.equals(from) && !ALLOWED.getOrDefault(from, Set.of()).contains(to)) {
            events.add(violated(item, d.getDescription() + " (" + from + " may not use " + to + ")"));
          }
        }
      }
    }).check(classes);
  }

  @Test
  void modulesUseEachOtherOnlyThroughRootOrApi() {
    ArchRuleDefinition.classes().should(new ArchCondition<>("reach other modules only through root or api") {
      @Override
      public void check(JavaClass item, ConditionEvents events) {
        String from = moduleOf(item);
        if (from.equals("bench")) {
          return; // benchmarks measure internals on purpose
        }
        for (Dependency d : item.getDirectDependenciesFromSelf()) {
          JavaClass target = d.getTargetClass();
          if (!target.getPackageName().startsWith("io.jingzhi.") || moduleOf(target).equals(from)) {
            continue;
          }
          if (!isPublicSurface(target)) {
            events.add(violated(item, d.getDescription() + " reaches into the internals of " + moduleOf(target)));
          }
        }
      }
    }).check(classes);
  }

  /** Modules whose every feature package is public: the shared kernel. */
  static final List<String> OPEN_MODULES = List.of("common", "simulator");

  static boolean isPublicSurface(JavaClass target) {
    String module = moduleOf(target);
    if (OPEN_MODULES.contains(module)) {
      return true;
    }
    String pkg = target.getPackageName();
    String root = "io.jingzhi." + module;
    return pkg.equals(root) || pkg.equals(root + ".api") || pkg.startsWith(root + ".api.");
  }

  static String moduleOf(JavaClass c) {
    String rest = c.getPackageName().substring("io.jingzhi.".length());
    int dot = rest.indexOf('.');
    return dot < 0 ? rest : rest.substring(0, dot);
  }

  static final DescribedPredicate<JavaClass> IN_JINGZHI =
      DescribedPredicate.describe("in io.jingzhi", c -> c.getPackageName().startsWith("io.jingzhi"));
}
