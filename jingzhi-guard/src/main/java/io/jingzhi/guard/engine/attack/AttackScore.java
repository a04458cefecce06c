package io.jingzhi.guard.engine.attack;

import io.jingzhi.guard.engine.Match;
import java.util.List;

/**
 * The attack score of a turn: {@code turn} from the current text, {@code carried} from earlier turns (decayed),
 * {@code total} their sum. {@code matched} explains every feature that contributed to {@code turn}.
 */
public record AttackScore(double total, double turn, double carried, List<Match> matched) {

  public AttackScore {
    matched = List.copyOf(matched);
  }
}
