package io.jingzhi.agent.database;

import jakarta.validation.constraints.Size;

/**
 * What creates ({@code POST}: name, project, kind and url required) or changes ({@code PATCH}: absent fields stay)
 * a connection. {@code password}: absent keeps the stored one, empty removes it.
 */
public record DbConnectionInput(
    @Size(max = 100) String name,
    @Size(max = 64) String project,
    @Size(max = 16) String kind,
    @Size(max = JdbcUrls.MAX_LENGTH) String url,
    @Size(max = 200) String username,
    @Size(max = 1000) String password,
    Boolean readOnly,
    @Size(max = 2000) String description) {}
