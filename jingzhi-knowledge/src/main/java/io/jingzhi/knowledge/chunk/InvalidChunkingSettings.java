package io.jingzhi.knowledge.chunk;

import io.jingzhi.common.error.FieldError;
import io.jingzhi.knowledge.KnowledgeException;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;

/** Chunking settings that cannot be used (400, code {@code chunking.invalid_settings}), naming every bad field. */
public class InvalidChunkingSettings extends KnowledgeException {

  public InvalidChunkingSettings(List<FieldError> errors) {
    super(HttpStatus.BAD_REQUEST, "chunking.invalid_settings",
        "invalid chunking settings: " + errors.stream().map(e -> e.field() + " " + e.message())
            .collect(Collectors.joining("; ")), errors);
  }
}
