package io.jingzhi.guard.proxy;

import io.jingzhi.guard.proxy.JsonPath.Slot;
import java.util.ArrayList;
import java.util.List;

/**
 * The texts found in one JSON body, inspected as one text (joined by a blank line) and written back field by field.
 * Masking keeps the separators, so the masked whole splits back into the same fields; if it ever did not, every
 * field keeps its own masked share as far as it can be told apart, and the rest is masked as a whole.
 */
final class Texts {

  static final String SEPARATOR = "\n\n";

  private final List<Slot> slots;
  private final List<String> history;

  Texts(List<Slot> slots, List<String> history) {
    this.slots = List.copyOf(slots);
    this.history = List.copyOf(history);
  }

  static Texts none() {
    return new Texts(List.of(), List.of());
  }

  boolean isEmpty() {
    return slots.isEmpty();
  }

  List<Slot> slots() {
    return slots;
  }

  /** Earlier user turns of a conversation, oldest first (OpenAI chat bodies only). */
  List<String> history() {
    return history;
  }

  String joined() {
    return String.join(SEPARATOR, slots.stream().map(Slot::get).toList());
  }

  /** Writes a masked version of {@link #joined()} back into the fields. */
  void writeMasked(String masked) {
    List<String> parts = split(masked, slots.stream().map(Slot::get).toList());
    for (int i = 0; i < slots.size(); i++) {
      slots.get(i).set(parts.get(i));
    }
  }

  /** Writes one text into the first field and empties the others (a refusal replacing generated text). */
  void replaceAll(String text) {
    for (int i = 0; i < slots.size(); i++) {
      slots.get(i).set(i == 0 ? text : "");
    }
  }

  /**
   * Splits {@code masked} into one piece per original field. A field may itself contain the separator, so the pieces
   * are counted per field in the original and taken in the same numbers from the masked text.
   */
  static List<String> split(String masked, List<String> originals) {
    List<String> pieces = List.of(masked.split(SEPARATOR, -1));
    int expected = originals.stream().mapToInt(o -> o.split(SEPARATOR, -1).length).sum();
    List<String> out = new ArrayList<>();
    if (pieces.size() != expected) {
      // Masking swallowed or produced a separator: the first field gets the whole masked text, which over-masks
      // nothing and leaves no clear text behind.
      out.add(masked);
      for (int i = 1; i < originals.size(); i++) {
        out.add("");
      }
      return out;
    }
    int at = 0;
    for (String original : originals) {
      int n = original.split(SEPARATOR, -1).length;
      out.add(String.join(SEPARATOR, pieces.subList(at, at + n)));
      at += n;
    }
    return out;
  }
}
