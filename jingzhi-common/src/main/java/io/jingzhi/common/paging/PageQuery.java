package io.jingzhi.common.paging;

import io.jingzhi.common.error.ApiException;

/** A validated page request: page is 1-based, size between 1 and 500. */
public record PageQuery(int page, int size) {

  public static final int MAX_SIZE = 500;

  public PageQuery {
    if (page < 1) {
      throw ApiException.invalid("page", "must be 1 or greater");
    }
    if (size < 1 || size > MAX_SIZE) {
      throw ApiException.invalid("size", "must be between 1 and " + MAX_SIZE);
    }
  }

  public static PageQuery of(Integer page, Integer size) {
    return new PageQuery(page == null ? 1 : page, size == null ? 20 : size);
  }

  public long offset() {
    return (long) (page - 1) * size;
  }
}
