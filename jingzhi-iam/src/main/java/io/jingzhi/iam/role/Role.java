package io.jingzhi.iam.role;

import java.util.Set;

/** A named set of permissions; built-in roles cannot be changed or deleted. */
public record Role(String code, String name, String description, boolean builtin, Set<String> permissions) {}
