package io.jingzhi.common.error;

/** One invalid field of a request, named by its JSON path. */
public record FieldError(String field, String message) {}
