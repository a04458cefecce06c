package io.jingzhi.guard.lexicon;

import static org.assertj.core.api.Assertions.assertThat;

import io.jingzhi.guard.engine.RiskLevel;
import io.jingzhi.guard.engine.lexicon.LexiconEntry;
import io.jingzhi.guard.engine.lexicon.RiskType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StarterMergeTest {

  private static final LexiconEntry KILL = LexiconEntry.term("杀死", RiskType.A1_6, RiskLevel.HIGH, "如何");
  private static final LexiconEntry KILL_MORE = LexiconEntry.term("杀死", RiskType.A1_6, RiskLevel.HIGH, "如何", "怎么");
  private static final LexiconEntry ROACH = LexiconEntry.allow("杀死蟑螂");
  private static final LexiconEntry ROACH_NEAR = LexiconEntry.allow("杀死…蟑螂");
  private static final LexiconEntry LAW = LexiconEntry.protective("刑法");

  private static Map<Long, LexiconEntry> bank(LexiconEntry... entries) {
    Map<Long, LexiconEntry> out = new LinkedHashMap<>();
    for (int i = 0; i < entries.length; i++) {
      out.put(100L + i, entries[i]);
    }
    return out;
  }

  @Test
  void anUntouchedBankTakesEveryChangeOfTheShippedList() {
    LexiconEntry dead = LexiconEntry.allow("如何判");
    StarterMerge m = StarterMerge.plan(List.of(KILL, ROACH, dead), List.of(KILL_MORE, ROACH_NEAR, LAW),
        bank(KILL, ROACH, dead));
    assertThat(m.add()).containsExactly(LAW);
    // 杀死…蟑螂 is the same entry as 杀死蟑螂 (one matching form), so it replaces it.
    assertThat(m.update()).containsExactly(Map.entry(100L, KILL_MORE), Map.entry(101L, ROACH_NEAR));
    assertThat(m.delete()).containsExactly(102L);
    assertThat(m.kept()).isZero();
    assertThat(m.summary()).isEqualTo("starter list update: 1 added, 2 changed, 1 removed");
  }

  @Test
  void whatAnOperatorChangedStaysAsTheOperatorLeftIt() {
    LexiconEntry killEdited = LexiconEntry.term("杀死", RiskType.A1_6, RiskLevel.MEDIUM, "如何");
    LexiconEntry roachNoted = new LexiconEntry("杀死蟑螂", null, null, List.of(), LexiconEntry.Kind.WHITELIST, "ours");
    // The operator lowered 杀死, annotated the roach entry, deleted nothing, and added 刑法 as a protective word.
    StarterMerge m = StarterMerge.plan(List.of(KILL, ROACH), List.of(KILL_MORE, LAW),
        bank(killEdited, roachNoted, LAW));
    assertThat(m.add()).isEmpty();
    assertThat(m.update()).isEmpty();
    assertThat(m.delete()).isEmpty();
    assertThat(m.kept()).isEqualTo(2);
    assertThat(m.summary()).endsWith(", 2 operator changes kept");
  }

  @Test
  void anEntryTheOperatorDeletedIsNotBroughtBack() {
    StarterMerge m = StarterMerge.plan(List.of(KILL, ROACH), List.of(KILL_MORE, ROACH), bank(ROACH));
    assertThat(m.changesNothing()).isTrue();
    assertThat(m.kept()).isEqualTo(1);
  }

  @Test
  void theSameListChangesNothing() {
    StarterMerge m = StarterMerge.plan(List.of(KILL, ROACH), List.of(KILL, ROACH), bank(KILL));
    assertThat(m.changesNothing()).isTrue();
    assertThat(m.kept()).isZero();
  }
}
