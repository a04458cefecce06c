package io.jingzhi.gateway.limits;

class InMemoryCounterStoreTest extends CounterStoreContract {

  @Override
  protected CounterStore create(TestClock clock) {
    return new InMemoryCounterStore(clock);
  }
}
