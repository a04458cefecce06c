package io.jingzhi.knowledge.parse;

import io.jingzhi.knowledge.parse.ParsedDocument.Block;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.ofdrw.core.basicStructure.ofd.docInfo.CT_DocInfo;
import org.ofdrw.reader.ContentExtractor;
import org.ofdrw.reader.OFDReader;

/**
 * OFD (GB/T 33190, the Chinese fixed-layout format of official documents) with ofdrw's reader: the text objects of
 * each page in order, joined into lines and paragraphs by {@link OfdParagraphs}, and the document info (title,
 * author, subject, dates). Tika has no OFD
 * parser. Callers run the zip-bomb guard first; ofdrw unpacks the container to a working directory it removes on
 * close.
 */
final class OfdExtractor {

  private static final String OFD_ENTRY = "OFD.xml";
  private static final String ENCRYPTIONS_ENTRY = "Encryptions.xml";

  /** True when the zip at {@code file} is an OFD package (its root names {@code OFD.xml}). */
  static boolean isOfd(Path file) {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      return zip.getEntry(OFD_ENTRY) != null;
    } catch (IOException e) {
      return false;
    }
  }

  ParsedDocument extract(Path file, int maxCharacters) {
    if (hasEncryption(file)) {
      throw new DocumentRejected("encrypted",
          "The OFD file is encrypted. Remove the protection in the OFD reader that made it and upload it again.");
    }
    try (OFDReader reader = new OFDReader(file)) {
      List<Block> blocks = new ArrayList<>();
      int pages = reader.getNumberOfPages();
      ContentExtractor extractor = new ContentExtractor(reader);
      int characters = 0;
      for (int page = 1; page <= pages; page++) {
        for (String text : OfdParagraphs.of(extractor.getPageTextObject(page))) {
          String tidy = BlockText.tidy(text);
          characters += tidy.length();
          if (characters > maxCharacters) {
            throw new DocumentRejected("too_large", "The file has more than " + maxCharacters
                + " characters of text. Split it into smaller files.");
          }
          if (!tidy.isEmpty()) {
            blocks.add(Block.paragraph(tidy, page));
          }
        }
      }
      CT_DocInfo info = reader.getOFDDir().getOfd().getDocBody().getDocInfo();
      return new ParsedDocument("ofd", "application/ofd", info == null ? null : blankToNull(info.getTile()), blocks,
          metadata(info), pages);
    } catch (DocumentRejected e) {
      throw e;
    } catch (Exception | StackOverflowError e) {
      throw new DocumentRejected("corrupt", "The OFD file is damaged and cannot be read (" + e.getMessage()
          + "). Export it again from its application.");
    }
  }

  private static boolean hasEncryption(Path file) {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      return zip.getEntry(ENCRYPTIONS_ENTRY) != null;
    } catch (IOException e) {
      return false;
    }
  }

  private static Map<String, String> metadata(CT_DocInfo info) {
    Map<String, String> metadata = new HashMap<>();
    if (info != null) {
      put(metadata, "author", info.getAuthor());
      put(metadata, "subject", info.getSubject());
      put(metadata, "creator", info.getCreator());
      put(metadata, "created", date(info.getCreationDate()));
      put(metadata, "modified", date(info.getModDate()));
    }
    return metadata;
  }

  private static String date(LocalDate date) {
    return date == null ? null : date.toString();
  }

  private static void put(Map<String, String> metadata, String key, String value) {
    if (value != null && !value.isBlank()) {
      metadata.put(key, value.strip());
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
