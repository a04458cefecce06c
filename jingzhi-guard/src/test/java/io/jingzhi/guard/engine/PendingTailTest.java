package io.jingzhi.guard.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.guard.engine.decode.Normalizer;
import io.jingzhi.guard.engine.lexicon.Lexicon;
import io.jingzhi.guard.engine.lexicon.LexiconEntry;
import io.jingzhi.guard.engine.lexicon.LexiconStore;
import io.jingzhi.guard.engine.lexicon.StarterLexicon;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link GuardEngine#pendingTail}: its one-pass path (tails of chars with a matching form of their own) must hold
 * back exactly what normalising every suffix holds back.
 */
class PendingTailTest {

  static final Lexicon BANK = StarterLexicon.load();
  static final GuardEngine ENGINE = GuardEngine.withDefaults(new LexiconStore(BANK), new byte[32]);

  /** The definition: the longest suffix (at most max) whose matching form starts a term, or the identifier run. */
  static int reference(String text, int max) {
    int limit = Math.min(max, text.length());
    int hold = 0;
    while (hold < limit && identifier(text.charAt(text.length() - 1 - hold), text, text.length() - 1 - hold)) {
      hold++;
    }
    for (int k = 1; k <= limit; k++) {
      String key = Lexicon.key(text.substring(text.length() - k));
      if (key.length() > BANK.maxKeyLength()) {
        break;
      }
      if (BANK.startsTerm(key)) {
        hold = Math.max(hold, k);
      }
    }
    return hold;
  }

  private static boolean identifier(char c, String text, int i) {
    if (c == ' ' && i > 0 && Character.isDigit(text.charAt(i - 1))) {
      return true;
    }
    return c < 128 && (Character.isLetterOrDigit(c) || c == '@' || c == '.' || c == '-' || c == '+' || c == '_')
        || c >= '\uFF10' && c <= '\uFF19';
  }

  @Test
  void holdsBackTheStartOfATermAcrossPunctuationAndSpaces() {
    String term = BANK.entries().stream().map(LexiconEntry::term).filter(t -> t.length() >= 3 && t.chars()
        .allMatch(c -> c >= 0x4E00 && c <= 0x9FFF)).findFirst().orElseThrow();
    String start = term.substring(0, 2);
    assertThat(ENGINE.pendingTail("模型回答了" + start, null, 64)).isEqualTo(2);
    // spacing and punctuation inside the start are held too: "炸 ，弹" reads as "炸弹"
    assertThat(ENGINE.pendingTail("模型回答了" + start.charAt(0) + " ，" + start.charAt(1), null, 64)).isEqualTo(4);
    assertThat(ENGINE.pendingTail("模型回答：这是一段文本。", null, 64))
        .isEqualTo(reference("模型回答：这是一段文本。", 64));
  }

  @Test
  void onePassEqualsNormalisingEverySuffix() {
    List<String> terms = BANK.entries().stream().map(LexiconEntry::term).limit(400).toList();
    String[] pieces = {"京智", "模拟", "输出", "：", "这是", "一段", "，", "。", " ", "\n", "-", "“", "”", "（", "）",
        "ab", "C", "138", "0013", "@x.cn", "！", "？", "、", "《", "》", "\u200B", "·", "…", "①", "™", "ｆｕ",
        "繁體", "後", "發", "e\u0301", "😀", "～", "％", "\u3000"};
    Random random = new Random(7);
    for (int n = 0; n < 3000; n++) {
      StringBuilder text = new StringBuilder();
      int parts = 1 + random.nextInt(8);
      for (int p = 0; p < parts; p++) {
        if (random.nextInt(3) == 0) {
          String t = terms.get(random.nextInt(terms.size()));
          text.append(t, 0, 1 + random.nextInt(t.length()));
        } else {
          text.append(pieces[random.nextInt(pieces.length)]);
        }
      }
      String s = text.toString();
      for (int max : new int[] {4, 16, 64}) {
        assertThat(ENGINE.pendingTail(s, null, max)).as("%s (max %d)", s, max).isEqualTo(reference(s, max));
      }
    }
  }

  @Test
  void keyCharsAreTheMatchingFormOfTheCharAlone() {
    for (char c = 0; c < 0xFFFF; c++) {
      int k = Normalizer.keyChar(c);
      if (k == Normalizer.CONTEXTUAL || Character.isSurrogate(c)) {
        continue;
      }
      String alone = Lexicon.key(String.valueOf(c));
      assertThat(alone).as("U+%04X", (int) c).isEqualTo(k == Normalizer.DROPPED ? "" : String.valueOf((char) k));
    }
  }
}
