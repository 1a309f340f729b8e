import { z } from 'zod';
import { Id, IsoDate } from '../primitives';
import { AdministrativeUnit } from './events';

/**
 * Record a dated reorganisation of administrative units: each unit of `merges` is formed from its `from` units,
 * which cease; `abolished` units cease with no successor. `on` is the effective date.
 */
export const ReorganiseAdministrativeUnits = z.strictObject({
  type: z.literal('ReorganiseAdministrativeUnits'),
  on: IsoDate,
  data: z.strictObject({
    reorganisationId: Id,
    decisionRef: z.string().min(1).max(200),
    merges: z.array(z.strictObject({ unit: AdministrativeUnit, from: z.array(Id).min(1) })).max(10_000),
    abolished: z.array(Id).max(10_000),
  }),
});
export type ReorganiseAdministrativeUnits = z.infer<typeof ReorganiseAdministrativeUnits>;

/** Every command about administrative units. */
export const TerritoryCommand = z.discriminatedUnion('type', [ReorganiseAdministrativeUnits]);
export type TerritoryCommand = z.infer<typeof TerritoryCommand>;
