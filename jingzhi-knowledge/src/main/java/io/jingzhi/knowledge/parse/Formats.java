package io.jingzhi.knowledge.parse;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Names a file's format from what its bytes are (the media type Tika detected from content). The name only
 * decides what bytes cannot: which plain-text format (txt, md, csv, jsonl) a text file is, and whether an Office
 * file is Kingsoft WPS (wps, et, dps are Word, Excel and PowerPoint files inside, OLE2 or OOXML).
 */
final class Formats {

  static final String TEXT = "text";
  static final String ZIP = "zip";
  static final String PROTECTED_OOXML = "protected";
  /** An OLE2 or OOXML container whose application Tika could not tell from its parts: damaged, or an odd one. */
  static final String OFFICE_UNKNOWN = "office";

  private static final Map<String, String> BY_MEDIA_TYPE = Map.ofEntries(
      Map.entry("text/plain", TEXT),
      Map.entry("text/html", "html"),
      Map.entry("application/xhtml+xml", "html"),
      Map.entry("application/pdf", "pdf"),
      Map.entry("application/msword", "doc"),
      Map.entry("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
      Map.entry("application/vnd.ms-word.document.macroenabled.12", "docx"),
      Map.entry("application/vnd.ms-excel", "xls"),
      Map.entry("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
      Map.entry("application/vnd.ms-excel.sheet.macroenabled.12", "xlsx"),
      Map.entry("application/vnd.ms-powerpoint", "ppt"),
      Map.entry("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
      Map.entry("application/vnd.ms-powerpoint.presentation.macroenabled.12", "pptx"),
      Map.entry("application/zip", ZIP),
      Map.entry("application/x-tika-ooxml-protected", PROTECTED_OOXML),
      Map.entry("application/x-tika-ooxml", OFFICE_UNKNOWN),
      Map.entry("application/x-tika-msoffice", OFFICE_UNKNOWN));

  /** Kingsoft's names and the Office formats that may be inside. */
  private static final Map<String, Set<String>> WPS = Map.of(
      "wps", Set.of("doc", "docx"), "et", Set.of("xls", "xlsx"), "dps", Set.of("ppt", "pptx"));

  /** Formats whose bytes are a zip container and so get the zip-bomb guard before parsing. */
  static final Set<String> ZIP_BASED = Set.of("docx", "xlsx", "pptx", "ofd");

  /** The Office formats the platform reads. */
  static final Set<String> OFFICE = Set.of("doc", "docx", "xls", "xlsx", "ppt", "pptx");

  private Formats() {}

  /**
   * @return the platform's base format (doc, docx, xls, ..., {@link #TEXT}, {@link #ZIP}, {@link #PROTECTED_OOXML})
   *     or null when the platform does not read the type
   */
  static String base(String mediaType) {
    return BY_MEDIA_TYPE.get(mediaType.toLowerCase(Locale.ROOT));
  }

  /** The plain-text format a text file's name asks for. */
  static String textFormat(String filename) {
    return switch (extension(filename)) {
      case "md", "markdown" -> "md";
      case "csv", "tsv" -> "csv";
      case "jsonl", "ndjson" -> "jsonl";
      case "html", "htm" -> "html";
      default -> "txt";
    };
  }

  /** The name to report for an Office format: wps, et or dps when the file is named so, else the format itself. */
  static String officeName(String format, String filename) {
    String ext = extension(filename);
    Set<String> inside = WPS.get(ext);
    return inside != null && inside.contains(format) ? ext : format;
  }

  static boolean isSpreadsheet(String format) {
    return format.equals("xls") || format.equals("xlsx");
  }

  static String extension(String filename) {
    if (filename == null) {
      return "";
    }
    int dot = filename.lastIndexOf('.');
    return dot < 0 ? "" : filename.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}
