package io.jingzhi.knowledge.clean;

import io.jingzhi.knowledge.parse.ParsedDocument.Block;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds what a page carries besides its text: page-number lines (第 3 页, 第3页 共10页, - 3 -, 3/10, Page 3 of 10;
 * a bare number only at the top or bottom of a page) and running headers and footers — short lines at the edges
 * of at least half the pages (and at least three) that are the same but for their digits.
 */
final class PageFurniture {

  private static final String NUM = "[0-9０-９一二三四五六七八九十百零〇]+";
  private static final Pattern PAGE_NUMBER = Pattern.compile(String.join("|",
      "第\\s*" + NUM + "\\s*页(\\s*[,，/／、]?\\s*共\\s*" + NUM + "\\s*页)?",
      "共\\s*" + NUM + "\\s*页\\s*[,，、]?\\s*第\\s*" + NUM + "\\s*页",
      "[-－—–]\\s*" + NUM + "\\s*[-－—–]",
      "[0-9]+\\s*/\\s*[0-9]+",
      "(?i)(page|p\\.)\\s*[0-9]+(\\s*(of|/)\\s*[0-9]+)?"));
  private static final Pattern BARE_NUMBER = Pattern.compile("[0-9]{1,4}");
  private static final int EDGE = 2;
  private static final int MAX_FURNITURE_LENGTH = 80;

  /** Which blocks are page numbers and which are headers or footers, by index into the block list. */
  record Found(Set<Integer> pageNumbers, Set<Integer> headersFooters) {}

  private PageFurniture() {}

  static Found find(List<Block> blocks) {
    Map<Integer, List<Integer>> byPage = new HashMap<>();
    for (int i = 0; i < blocks.size(); i++) {
      Block block = blocks.get(i);
      if (block.kind() != Block.Kind.TABLE && block.page() > 0) {
        byPage.computeIfAbsent(block.page(), p -> new ArrayList<>()).add(i);
      }
    }
    Set<Integer> edges = new HashSet<>();
    for (List<Integer> onPage : byPage.values()) {
      // a short page has one line at each edge; only a longer one may carry two (a header over a title line)
      int edge = Math.max(1, Math.min(EDGE, onPage.size() / 3));
      for (int k = 0; k < onPage.size(); k++) {
        if (k < edge || k >= onPage.size() - edge) {
          edges.add(onPage.get(k));
        }
      }
    }
    Set<Integer> pageNumbers = new HashSet<>();
    for (int i = 0; i < blocks.size(); i++) {
      Block block = blocks.get(i);
      String text = block.text().strip();
      if (block.kind() != Block.Kind.TABLE && (PAGE_NUMBER.matcher(text).matches()
          || (edges.contains(i) && byPage.size() > 1 && BARE_NUMBER.matcher(text).matches()))) {
        pageNumbers.add(i);
      }
    }
    return new Found(pageNumbers, headersFooters(blocks, edges, byPage.size(), pageNumbers));
  }

  private static Set<Integer> headersFooters(List<Block> blocks, Set<Integer> edges, int pages,
      Set<Integer> pageNumbers) {
    if (pages < 3) {
      return Set.of();
    }
    Map<String, Set<Integer>> pagesByKey = new HashMap<>();
    for (int i : edges) {
      if (!pageNumbers.contains(i) && blocks.get(i).kind() != Block.Kind.HEADING
          && blocks.get(i).text().length() <= MAX_FURNITURE_LENGTH) {
        pagesByKey.computeIfAbsent(key(blocks.get(i).text()), k -> new HashSet<>()).add(blocks.get(i).page());
      }
    }
    Set<Integer> found = new HashSet<>();
    for (int i : edges) {
      Set<Integer> seenOn = pagesByKey.get(key(blocks.get(i).text()));
      if (seenOn != null && seenOn.size() >= 3 && seenOn.size() * 2 >= pages
          && blocks.get(i).kind() != Block.Kind.HEADING) {
        found.add(i);
      }
    }
    return found;
  }

  /** Lines that differ only in digits and spacing ("第 3 页 XX市人民政府" on every page) are the same line. */
  private static String key(String text) {
    return text.replaceAll("[0-9０-９]+", "#").replaceAll("\\s+", "");
  }
}
