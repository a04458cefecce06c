package io.jingzhi.guard.engine.decode;

/**
 * One view of the checked text. {@code name} tells how it was derived ({@code original}, {@code normalised},
 * {@code compact}, {@code base64}, {@code url>base64} for a nested decode); {@code depth} counts decodes applied.
 */
public record Layer(String name, String text, int depth) {

  public static final String ORIGINAL = "original";
  public static final String NORMALISED = "normalised";
  public static final String COMPACT = "compact";
}
