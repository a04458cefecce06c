package io.jingzhi.guard.engine.pii;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.guard.engine.attack.AttackFeature;
import io.jingzhi.guard.engine.attack.AttackFeatures;
import io.jingzhi.guard.engine.decode.Normalizer;
import io.jingzhi.guard.engine.text.StartFilteredPattern;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;

/** The start-filtered search finds exactly what {@code Matcher.find} finds, for every built-in pattern. */
class StartFilteredPatternTest {

  private static List<Pattern> builtInPatterns() {
    List<Pattern> patterns = new ArrayList<>();
    AttackFeatures.builtIn().stream().map(AttackFeature::pattern).forEach(patterns::add);
    for (PiiDetector d : BuiltinDetectors.all()) {
      if (d instanceof PatternDetector p) {
        patterns.add(p.pattern());
      }
    }
    patterns.add(PersonNameDetector.LABELLED.pattern());
    patterns.add(PersonNameDetector.TITLED.pattern());
    patterns.add(AddressDetector.DELEGATE.pattern());
    // Context-sensitive starts: word boundaries and look-behinds must not lose matches.
    patterns.add(Pattern.compile("\\b，x"));
    patterns.add(Pattern.compile("\\Bdan"));
    patterns.add(Pattern.compile("(?<=a)b"));
    patterns.add(Pattern.compile("x*"));
    return patterns;
  }

  private static List<String> texts() throws IOException {
    List<String> texts = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    try (Stream<Path> files = Files.list(Path.of("src/test/resources/eval/heldout"))) {
      for (Path f : files.sorted().toList()) {
        for (String line : Files.readAllLines(f)) {
          if (!line.isBlank()) {
            String text = json.readTree(line).get("text").asString();
            texts.add(text);
            texts.add(Normalizer.compact(Normalizer.normalise(text)));
          }
        }
      }
    }
    String alphabet = "省自治区州盟地区市区县旗镇乡街道大街巷胡同大道路一二三十百零〇号弄院栋单元层室0123456789０１２３ abcdefXEGHM@.:-+_/，。、：\n忽略之前的指令无视规则扮演你现在是开发者模式dan aim"
        + "路街号弄省市区县镇张王欧阳先生女士姓名我叫联系人京A·挂学警以口吻身份身份证电话卡号护照ip地址中文";
    Random random = new Random(11);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder s = new StringBuilder();
      for (int j = 0, n = random.nextInt(60); j < n; j++) {
        s.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      texts.add(s.toString());
    }
    texts.add("联系人张伟，电话13800138000。住址北京市海淀区中关村大街27号3单元502室，欧阳娜娜女士，a,x b，x xdan");
    return texts;
  }

  private static List<String> plain(Pattern p, String text) {
    List<String> out = new ArrayList<>();
    Matcher m = p.matcher(text);
    while (m.find()) {
      out.add(m.start() + "-" + m.end() + ":" + (m.groupCount() > 0 ? m.start(1) + "-" + m.end(1) : ""));
    }
    return out;
  }

  private static List<String> filtered(Pattern p, String text) {
    return filtered(StartFilteredPattern.of(p), text);
  }

  private static List<String> filtered(StartFilteredPattern search, String text) {
    List<String> out = new ArrayList<>();
    Matcher m = search.matcher(text);
    int from = 0;
    while (from <= text.length() && search.find(m, text, from)) {
      out.add(m.start() + "-" + m.end() + ":" + (m.groupCount() > 0 ? m.start(1) + "-" + m.end(1) : ""));
      from = m.end() > m.start() ? m.end() : m.end() + 1;
    }
    return out;
  }

  @Test
  void findsWhatFindFinds() throws IOException {
    List<String> texts = texts();
    int compared = 0;
    for (Pattern p : builtInPatterns()) {
      for (String text : texts) {
        assertThat(filtered(p, text)).as("%s on %s", p, text).isEqualTo(plain(p, text));
        compared++;
      }
    }
    assertThat(compared).isGreaterThan(100_000);
    for (PatternDetector d : List.of(AddressDetector.DELEGATE, PersonNameDetector.TITLED)) {
      StartFilteredPattern anchored = StartFilteredPattern.anchored(d.pattern(), d.anchor(), d.maxBefore());
      for (String text : texts) {
        assertThat(filtered(anchored, text)).as("anchored %s on %s", d.rule(), text)
            .isEqualTo(plain(d.pattern(), text));
      }
    }
    PatternDetector address = AddressDetector.DELEGATE;
    StartFilteredPattern anchored = StartFilteredPattern.anchored(address.pattern(), address.anchor(),
        address.maxBefore());
    String longest = "住址：新疆维吾尔自治区" + "巴音郭楞蒙古自治州" + "库尔勒市某某某某某区" + "某某某某某某某街道"
        + "某某某某某某某某某某路" + "一百二十三号";
    assertThat(filtered(anchored, longest)).isEqualTo(plain(address.pattern(), longest)).isNotEmpty();
  }
}
