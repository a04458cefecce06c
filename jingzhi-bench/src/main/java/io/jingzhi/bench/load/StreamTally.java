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
    if (StreamClient.hasContent(line)) {
      int n = StreamClient.contentLength(line);
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
    int usage = StreamClient.completionTokens(line);
    usageTokens = usage >= 0 ? usage : usageTokens;
  }

  StreamOutcome outcome(long start, long end, String error) {
    return new StreamOutcome(start, firstToken, lastToken, end, tokens, error, chars, firstChars, usageTokens);
  }
}
