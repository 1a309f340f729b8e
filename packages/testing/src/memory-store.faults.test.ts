import { MemoryEventStore } from '@hoptac/core';
import { storeFaultSuite } from './store-faults';

// the in-memory reference store under the same faults as the durable ones: handlers race on one store
storeFaultSuite('MemoryEventStore', {
  create: async () => new MemoryEventStore(),
});
