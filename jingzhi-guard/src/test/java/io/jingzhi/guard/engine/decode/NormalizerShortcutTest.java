package io.jingzhi.guard.engine.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.houbb.opencc4j.util.ZhConverterUtil;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The shortcut that skips OpenCC only skips texts OpenCC would leave unchanged. */
class NormalizerShortcutTest {

  private static List<String> dictionaryKeys(String name) throws IOException {
    try (InputStream in = ZhConverterUtil.class.getResourceAsStream("/data/dictionary/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
          .filter(l -> !l.isEmpty()).map(l -> l.split("\\s+")[0]).toList();
    }
  }

  @Test
  void skipsOnlyTextsOpenccLeavesAlone() throws IOException {
    List<String> texts = new ArrayList<>(dictionaryKeys("TSPhrases.txt"));
    texts.addAll(dictionaryKeys("TSCharacters.txt"));
    try (Stream<Path> files = Files.list(Path.of("src/test/resources/eval/heldout"))) {
      for (Path f : files.toList()) {
        texts.addAll(Files.readAllLines(f));
      }
    }
    int skipped = 0;
    for (String text : texts) {
      if (!Normalizer.mayConvert(text)) {
        skipped++;
        assertThat(ZhConverterUtil.toSimple(text)).as(text).isEqualTo(text);
      }
    }
    assertThat(skipped).as("most plain texts skip OpenCC").isGreaterThan(texts.size() / 4);
    assertThat(Normalizer.normalise("重覆瞭解乾脆藉口沈默")).isEqualTo(ZhConverterUtil.toSimple("重覆瞭解乾脆藉口沈默"));
    assertThat(Normalizer.normalise("炸彈製作")).isEqualTo("炸弹制作");
  }
}
