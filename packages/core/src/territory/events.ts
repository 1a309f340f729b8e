import { z } from 'zod';
import { Id, IsoDate } from '../primitives';

/** Levels of administrative unit; the district tier exists only before 1/7/2025. */
export const UnitLevel = z.enum(['province', 'district', 'commune', 'ward', 'township']);
export type UnitLevel = z.infer<typeof UnitLevel>;

/** An administrative unit as established on a date. */
export const AdministrativeUnit = z.strictObject({
  code: Id,
  name: z.string().min(1).max(200),
  level: UnitLevel,
  parentCode: Id.optional(),
});
export type AdministrativeUnit = z.infer<typeof AdministrativeUnit>;

/**
 * A dated reorganisation of administrative units (sắp xếp đơn vị hành chính), e.g. 1/7/2025: units in `merges`
 * are formed from their `from` units, which cease; `abolished` units cease with no successor (the district tier).
 * `occurredOn` is the effective date.
 */
export const AdministrativeUnitsReorganised = z.strictObject({
  type: z.literal('AdministrativeUnitsReorganised'),
  occurredOn: IsoDate,
  data: z.strictObject({
    reorganisationId: Id,
    decisionRef: z.string().min(1).max(200),
    merges: z.array(z.strictObject({ unit: AdministrativeUnit, from: z.array(Id).min(1) })).max(10_000),
    abolished: z.array(Id).max(10_000),
  }),
});
export type AdministrativeUnitsReorganised = z.infer<typeof AdministrativeUnitsReorganised>;

/** Every event of the administrative-units stream. */
export const TerritoryEvent = z.discriminatedUnion('type', [AdministrativeUnitsReorganised]);
export type TerritoryEvent = z.infer<typeof TerritoryEvent>;

/** The one stream of administrative-unit changes. */
export const ADMINISTRATIVE_UNITS_STREAM = 'territory-administrative-units';
