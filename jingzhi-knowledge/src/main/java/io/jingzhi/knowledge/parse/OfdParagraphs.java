package io.jingzhi.knowledge.parse;

import java.util.ArrayList;
import java.util.List;
import org.ofdrw.core.basicStructure.pageObj.layer.block.TextObject;
import org.ofdrw.core.basicType.ST_Box;
import org.ofdrw.core.text.TextCode;

/**
 * Rebuilds paragraphs from the text objects of one OFD page. OFD is fixed layout: a paragraph is stored as one text
 * object per line (or per run). Objects at the same height are one line; a line that runs to the right edge of the
 * text continues in the next line when that one is not indented and follows at normal line spacing — the way a
 * reader sees a paragraph.
 */
final class OfdParagraphs {

  private record Line(double left, double top, double right, double height, StringBuilder text) {}

  private OfdParagraphs() {}

  static List<String> of(List<TextObject> objects) {
    List<Line> lines = lines(objects);
    double textLeft = lines.stream().mapToDouble(Line::left).min().orElse(0);
    double textRight = lines.stream().mapToDouble(Line::right).max().orElse(0);
    List<String> paragraphs = new ArrayList<>();
    StringBuilder paragraph = new StringBuilder();
    Line previous = null;
    for (Line line : lines) {
      if (previous != null && !continues(previous, line, textLeft, textRight)) {
        paragraphs.add(paragraph.toString());
        paragraph.setLength(0);
      }
      if (!paragraph.isEmpty()) {
        paragraph.append('\n');
      }
      paragraph.append(line.text());
      previous = line;
    }
    if (!paragraph.isEmpty()) {
      paragraphs.add(paragraph.toString());
    }
    return paragraphs;
  }

  private static boolean continues(Line previous, Line next, double textLeft, double textRight) {
    double h = Math.max(previous.height(), 1);
    boolean previousFull = previous.right() >= textRight - 1.5 * h;
    boolean nextFlush = next.left() <= textLeft + 0.5 * h;
    double gap = next.top() - (previous.top() + previous.height());
    return previousFull && nextFlush && gap >= -0.5 * h && gap <= 1.2 * h;
  }

  /** Text objects in document order, joined into lines where they share a height. */
  private static List<Line> lines(List<TextObject> objects) {
    List<Line> lines = new ArrayList<>();
    Line current = null;
    for (TextObject object : objects) {
      String text = text(object);
      if (text.isBlank()) {
        continue;
      }
      ST_Box box = object.getBoundary();
      if (box == null || box.getTopLeftY() == null || box.getHeight() == null) {
        // no geometry: a paragraph of its own, far below anything else
        current = new Line(0, Double.MAX_VALUE / 2 + lines.size(), 0, 1, new StringBuilder(text));
        lines.add(current);
        continue;
      }
      double left = box.getTopLeftX();
      double top = box.getTopLeftY();
      double height = box.getHeight();
      double right = left + box.getWidth();
      if (current != null && Math.abs(top - current.top()) < 0.5 * Math.max(height, 1)
          && left >= current.left()) {
        current.text().append(text);
        current = new Line(current.left(), current.top(), Math.max(right, current.right()), current.height(),
            current.text());
        lines.set(lines.size() - 1, current);
      } else {
        current = new Line(left, top, right, height, new StringBuilder(text));
        lines.add(current);
      }
    }
    return lines;
  }

  private static String text(TextObject object) {
    StringBuilder out = new StringBuilder();
    for (TextCode code : object.getTextCodes()) {
      if (code.getContent() != null) {
        out.append(code.getContent());
      }
    }
    return out.toString();
  }
}
