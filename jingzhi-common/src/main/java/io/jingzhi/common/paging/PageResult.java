package io.jingzhi.common.paging;

import java.util.List;
import java.util.function.Function;

/** One page of a listing: the items, the total across all pages, and where this page is (1-based). */
public record PageResult<T>(List<T> items, long total, int page, int size) {

  public <R> PageResult<R> map(Function<T, R> mapper) {
    return new PageResult<>(items.stream().map(mapper).toList(), total, page, size);
  }
}
