import { MemoryEventStore } from '@hoptac/core';
import { storeConformanceSuite } from './store-conformance';

// #region conformance
storeConformanceSuite('MemoryEventStore', {
  create: async () => new MemoryEventStore(),
});
// #endregion conformance
