// The projection contract lives in @hoptac/projections; re-exported so hosts can type against this package alone.
export type { Clocks, Projection } from '@hoptac/projections';
