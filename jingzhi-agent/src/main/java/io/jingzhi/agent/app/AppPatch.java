package io.jingzhi.agent.app;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** What changes an app's catalog facts; absent fields stay. */
public record AppPatch(
    @Size(min = 1, max = 200) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String name,
    @Size(max = 2000) String description,
    @Size(max = 20) List<@Size(min = 1, max = 32) String> tags,
    @Size(max = 500) String icon,
    @Pattern(regexp = "private|org|global", message = "private, org or global") String sharing) {}
