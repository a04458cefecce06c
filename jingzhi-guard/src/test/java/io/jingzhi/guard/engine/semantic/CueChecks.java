package io.jingzhi.guard.engine.semantic;

import io.jingzhi.guard.engine.eval.EvalRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** The checks every surface cue of the classifier must pass against the shipped training rows and its check set. */
final class CueChecks {

  private CueChecks() {}

  /**
   * The answerable (should-not-refuse) training questions the cue marks, as "set: text". A cue lowers the bar to the
   * suspicious threshold, so on the questions the classifier learns to answer it must mark none.
   */
  static List<String> answerableTrainingRowsCued(Predicate<String> cue) {
    List<String> cued = new ArrayList<>();
    for (Path file : TrainingRow.files(Path.of("src/main/resources/guard/semantic"))) {
      for (TrainingRow row : TrainingRow.read(file)) {
        if (!row.shouldRefuse() && !row.set().equals(TrainSemanticClassifier.OUTPUT_SET) && cue.test(row.text())) {
          cued.add(row.set() + ": " + row.text());
        }
      }
    }
    return cued;
  }

  /** What the cue marks of an authored check set: its answerable rows (texts) and how many should-refuse rows. */
  record CheckSet(List<String> answerableCued, int refuseCued) {}

  static CheckSet checkSet(String jsonl, Predicate<String> cue) {
    List<String> cued = new ArrayList<>();
    int refuseCued = 0;
    for (EvalRunner.Row row : EvalRunner.read(Path.of(jsonl))) {
      if (cue.test(row.text())) {
        if (row.shouldRefuse()) {
          refuseCued++;
        } else {
          cued.add(row.text());
        }
      }
    }
    return new CheckSet(cued, refuseCued);
  }
}
