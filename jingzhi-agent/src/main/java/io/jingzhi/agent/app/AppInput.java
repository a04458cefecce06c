package io.jingzhi.agent.app;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * What creates an app. {@code assistant} and {@code definition} are free-form JSON (declared {@code Object} so the
 * OpenAPI document describes them as any JSON rather than as Jackson's tree classes). Without {@code assistant} or {@code definition} the draft starts empty (a start and an
 * answer node, or an assistant form without a model) and is completed later.
 */
public record AppInput(
    @NotBlank @Pattern(regexp = AppInput.CODE, message = "lowercase letters, digits and -, starting with a letter"
        + " (2 to 64)") String code,
    @NotBlank @Size(max = 200) String name,
    @NotBlank @Pattern(regexp = "assistant|workflow", message = "assistant or workflow") String type,
    @NotBlank @Size(max = 64) String project,
    @Size(max = 2000) String description,
    @Size(max = 20) List<@NotBlank @Size(max = 32) String> tags,
    @Size(max = 500) String icon,
    @Pattern(regexp = "private|org|global", message = "private, org or global") String sharing,
    Object assistant,
    Object definition) {

  /** App codes: they become model names ({@code app/<code>}) and URL segments. */
  public static final String CODE = "[a-z][a-z0-9-]{1,63}";
}
