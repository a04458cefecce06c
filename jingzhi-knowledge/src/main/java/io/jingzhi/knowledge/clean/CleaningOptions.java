package io.jingzhi.knowledge.clean;

/**
 * What {@link TextCleaner} may change. Invisible and control characters are always removed and text is always
 * NFKC-normalised; these switches cover the rules a department may want to keep off.
 *
 * @param traditionalToSimplified convert traditional Chinese characters to simplified (off by default: a base of
 *     Hong Kong or Taiwan documents keeps its script)
 * @param removeHeadersAndFooters drop lines repeated at the top or bottom of most pages
 * @param removePageNumbers drop lines that are only a page number (第 3 页, - 3 -, 3/10, Page 3 of 10)
 * @param removeDuplicates drop paragraphs that repeat an earlier one word for word
 * @param repairMojibake re-decode paragraphs that are UTF-8 read as GBK or Latin-1 (浣犲ソ → 你好)
 */
public record CleaningOptions(boolean traditionalToSimplified, boolean removeHeadersAndFooters,
    boolean removePageNumbers, boolean removeDuplicates, boolean repairMojibake) {

  public static CleaningOptions defaults() {
    return new CleaningOptions(false, true, true, true, true);
  }

  public CleaningOptions withTraditionalToSimplified(boolean on) {
    return new CleaningOptions(on, removeHeadersAndFooters, removePageNumbers, removeDuplicates, repairMojibake);
  }
}
