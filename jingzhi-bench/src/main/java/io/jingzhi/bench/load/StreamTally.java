package io.jingzhi.bench.load;

import org.HdrHistogram.Histogram;

/**
 * What the data lines of one stream have told so far: when the first and last content arrived, how many content
 * chunks and characters, and the usage chunk's completion tokens. Both load clients count with it.
 */
final class StreamTally {

  long firstToken;
  long lastToken;
  int tokens;
  long chars;
  long firstChars;
  int usageTokens = -1;

  void reset() {
    firstToken = 0;
    lastToken = 0;
    tokens = 0;
    chars = 0;
    firstChars = 0;
    usageTokens = -1;
  }

  /** Counts one {@code data:} line that is neither {@code [DONE]} nor an error, received at {@code now}. */
  void data(String line, long now, Histogram itl) {
    if (hasContent(line)) {
      int n = contentLength(line);
      if (tokens == 0) {
        firstToken = now;
        firstChars = n;
      } else {
        itl.recordValue(Math.max(0, (now - lastToken) / 1000));
      }
      lastToken = now;
      tokens++;
      chars += n;
    }
    int usage = completionTokens(line);
    usageTokens = usage >= 0 ? usage : usageTokens;
  }

  StreamOutcome outcome(long start, long end, String error) {
    return new StreamOutcome(start, firstToken, lastToken, end, tokens, error, chars, firstChars, usageTokens);
  }

  /** Characters of the first {@code delta.content} string of the line (an escape counts as one). */
  private static int contentLength(String line) {
    int i = line.indexOf("\"content\":\"") + 11;
    int n = 0;
    while (i < line.length() && line.charAt(i) != '"') {
      if (line.charAt(i) == '\\') {
        i += i + 1 < line.length() && line.charAt(i + 1) == 'u' ? 6 : 2;
      } else {
        i++;
      }
      n++;
    }
    return n;
  }

  /** {@code usage.completion_tokens} of an event, or -1 when it has none. */
  private static int completionTokens(String line) {
    int i = line.indexOf("\"completion_tokens\":");
    if (i < 0) {
      return -1;
    }
    i += 20;
    while (i < line.length() && line.charAt(i) == ' ') {
      i++;
    }
    int n = 0;
    int digits = 0;
    while (i < line.length() && Character.isDigit(line.charAt(i)) && digits < 9) {
      n = n * 10 + line.charAt(i++) - '0';
      digits++;
    }
    return digits == 0 ? -1 : n;
  }

  /** A chunk carrying a non-empty {@code delta.content}; cheaper than parsing every chunk as JSON. */
  private static boolean hasContent(String line) {
    int i = line.indexOf("\"content\":\"");
    return i >= 0 && i + 11 < line.length() && line.charAt(i + 11) != '"';
  }
}
