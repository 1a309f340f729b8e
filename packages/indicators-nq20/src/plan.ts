import { z } from 'zod';
import {
  AdministrativeUnit,
  CIRCULAR_01_2020,
  CIRCULAR_09_2017,
  ChainStage,
  Id,
  IsoDate,
  RatingScheme,
  type AdministrativeUnitsReorganised,
} from '@hoptac/core';

/** The six indicators of the plan, in report order. */
export const IndicatorId = z.enum([
  'new-cooperatives',
  'new-members',
  'good-fair-share',
  'value-chain-share',
  'high-tech-share',
  'digital-share',
]);
export type IndicatorId = z.infer<typeof IndicatorId>;

/** A day of the year, `MM-DD` (rating deadline, registration window). */
export const MonthDay = z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'a month-day like 12-15');
export type MonthDay = z.infer<typeof MonthDay>;

/**
 * An exact comparator (C-16): `>` is strict, `>=` is not, a `range` is met at its lower bound (the upper bound is
 * a stretch), `about` is met at `value - tolerance` (tolerance defaults to the plan's `aboutTolerance`).
 */
export const Comparator = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('>'), value: z.number() }),
  z.strictObject({ type: z.literal('>='), value: z.number() }),
  z.strictObject({ type: z.literal('range'), min: z.number(), max: z.number() }),
  z.strictObject({ type: z.literal('about'), value: z.number(), tolerance: z.number().nonnegative().optional() }),
]);
export type Comparator = z.infer<typeof Comparator>;

/** What happens to a unit formed by merging units from inside and outside the territory. */
export const PartialMergePolicy = z.enum(['include', 'exclude']);
export type PartialMergePolicy = z.infer<typeof PartialMergePolicy>;

/** The plan's policies: parameters of the rules, never constants in code. */
export const PlanPolicies = z.strictObject({
  /** Rating year Y is the latest year whose deadline (MM-DD of Y) is on or before asOf. */
  ratingDeadline: MonthDay.default('12-15'),
  /** Accepted rating schemes in order of preference; a rating under another scheme is ignored (C-15). */
  ratingSchemes: z.array(RatingScheme).min(1).default([CIRCULAR_01_2020, CIRCULAR_09_2017]),
  /** Schemes under which an administrative sanction in the year makes the level weak whatever the score. */
  sanctionMakesWeakSchemes: z.array(RatingScheme).default([CIRCULAR_09_2017]),
  /** Longest suspension in the rating year that keeps an organisation eligible (suspended > 3 months: not rated). */
  maxSuspensionDays: z.number().int().nonnegative().default(90),
  /** Tolerance of an `about` target as a fraction (0.01 = one percentage point; the high-tech target, C-16). */
  aboutTolerance: z.number().nonnegative().default(0.01),
  /** A debt is long-outstanding when still unpaid this many years after its due date (C-20). */
  overdueDebtYears: z.number().int().positive().default(3),
  /** The yearly registration-update window: from `start` of the previous year to `end` of the window year. */
  registrationWindow: z.strictObject({ start: MonthDay, end: MonthDay }).default({ start: '12-15', end: '12-14' }),
  /** Stages a linkage contract must cover to count as a value-chain linkage (C-8). */
  linkageRequiredStages: z.array(ChainStage).default(['consumption']),
  /** A unit merged from units inside and outside the territory belongs to it (`include`) or not (`exclude`). */
  partialMerge: PartialMergePolicy.default('include'),
  /** An event recorded more than this many days after its business date is reported as late. */
  lateRecordDays: z.number().int().nonnegative().default(30),
});
export type PlanPolicies = z.infer<typeof PlanPolicies>;

/** A plan as data: a host loads another plan (another commune or province, other targets) from JSON. */
export const PlanDefinition = z.strictObject({
  id: Id,
  name: z.string().min(1).max(300),
  /** The administrative units of the territory on the baseline date; later changes come from events. */
  territory: z.strictObject({ units: z.array(AdministrativeUnit).min(1) }),
  baselineDate: IsoDate,
  /** Horizon name to its last day, e.g. `{ "2030": "2030-12-31" }`. */
  horizons: z.record(z.string().regex(/^\d{4}$/), IsoDate),
  /** Targets per indicator and horizon; an indicator or horizon without a target has no status. */
  targets: z.partialRecord(IndicatorId, z.record(z.string(), Comparator)),
  policies: PlanPolicies.default(PlanPolicies.parse({})),
});
export type PlanDefinition = z.infer<typeof PlanDefinition>;
/** A plan as written in JSON, before defaults are filled in. */
export type PlanInput = z.input<typeof PlanDefinition>;

/** Parses a plan from JSON-like data, filling in default policies; throws a ZodError naming the bad field. */
export const parsePlan = (input: unknown): PlanDefinition => PlanDefinition.parse(input);

const unit = (code: string, name: string, level: AdministrativeUnit['level'], parentCode?: string): AdministrativeUnit =>
  parentCode === undefined ? { code, name, level } : { code, name, level, parentCode };

// Sample data: the units before 1/7/2025 and their grouping after it must be checked against the official
// resolutions (Vĩnh Bảo's commune list; Resolution of the NA Standing Committee on Hải Phòng's units, 2025).
const VINH_BAO_COMMUNES: ReadonlyArray<readonly [code: string, name: string]> = [
  ['VB-NHAN-HOA', 'Nhân Hòa'],
  ['VB-TAM-CUONG', 'Tam Cường'],
  ['VB-CAO-MINH', 'Cao Minh'],
  ['VB-LIEN-AM', 'Liên Am'],
  ['VB-VINH-PHONG', 'Vĩnh Phong'],
  ['VB-CO-AM', 'Cổ Am'],
  ['VB-TIEN-PHONG', 'Tiền Phong'],
  ['VB-VINH-HAI', 'Vĩnh Hải'],
  ['VB-HOA-BINH', 'Hòa Bình'],
  ['VB-HUNG-NHAN', 'Hưng Nhân'],
  ['VB-VINH-AN', 'Vĩnh An'],
  ['VB-GIANG-BIEN', 'Giang Biên'],
  ['VB-DUNG-TIEN', 'Dũng Tiến'],
  ['VB-THANG-THUY', 'Thắng Thủy'],
  ['VB-TRUNG-LAP', 'Trung Lập'],
  ['VB-VIET-TIEN', 'Việt Tiến'],
  ['VB-TAN-LIEN', 'Tân Liên'],
  ['VB-VINH-HUNG', 'Vĩnh Hưng'],
  ['VB-TAN-HUNG', 'Tân Hưng'],
  ['VB-DONG-MINH', 'Đồng Minh'],
];

/** The Vĩnh Bảo district code (huyện Vĩnh Bảo), abolished on 1/7/2025. */
export const VINH_BAO_DISTRICT = 'VB';

/** Vĩnh Bảo's units before 1/7/2025: the district, its township and its communes (sample data, to be checked). */
export const vinhBaoUnits: readonly AdministrativeUnit[] = [
  unit(VINH_BAO_DISTRICT, 'Huyện Vĩnh Bảo', 'district', 'HP'),
  unit('VB-TT-VINH-BAO', 'Thị trấn Vĩnh Bảo', 'township', VINH_BAO_DISTRICT),
  ...VINH_BAO_COMMUNES.map(([code, name]) => unit(code, `Xã ${name}`, 'commune', VINH_BAO_DISTRICT)),
];

/** The Vĩnh Bảo plan (Kế hoạch thực hiện Nghị quyết 20-NQ/TW), with the targets of DOMAIN.md §2. */
export const vinhBaoPlan: PlanDefinition = parsePlan({
  id: 'vinh-bao-nq20',
  name: 'Kế hoạch thực hiện Nghị quyết số 20-NQ/TW, huyện Vĩnh Bảo',
  territory: { units: vinhBaoUnits },
  baselineDate: '2023-07-17',
  horizons: { '2030': '2030-12-31', '2045': '2045-12-31' },
  targets: {
    'new-cooperatives': { '2030': { type: '>=', value: 10 }, '2045': { type: '>=', value: 20 } },
    'new-members': { '2030': { type: 'range', min: 100, max: 150 }, '2045': { type: 'range', min: 200, max: 300 } },
    'good-fair-share': { '2030': { type: '>', value: 0.6 }, '2045': { type: '>', value: 0.7 } },
    'value-chain-share': { '2030': { type: '>=', value: 0.5 }, '2045': { type: '>=', value: 0.8 } },
    'high-tech-share': { '2030': { type: 'about', value: 0.05 } },
    'digital-share': { '2030': { type: '>=', value: 1 }, '2045': { type: '>=', value: 1 } },
  },
  policies: {},
});

const NEW_COMMUNES: ReadonlyArray<readonly [code: string, name: string, from: readonly string[]]> = [
  ['HP-VINH-BAO', 'Xã Vĩnh Bảo', ['VB-TT-VINH-BAO', 'VB-TAN-HUNG', 'VB-VINH-HUNG', 'VB-TAN-LIEN']],
  ['HP-NGUYEN-BINH-KHIEM', 'Xã Nguyễn Bỉnh Khiêm', ['VB-TRUNG-LAP', 'VB-VIET-TIEN', 'VB-DUNG-TIEN']],
  ['HP-VINH-AM', 'Xã Vĩnh Am', ['VB-LIEN-AM', 'VB-CO-AM', 'VB-VINH-PHONG', 'VB-TAM-CUONG']],
  ['HP-VINH-HAI', 'Xã Vĩnh Hải', ['VB-VINH-HAI', 'VB-HOA-BINH', 'VB-GIANG-BIEN']],
  ['HP-VINH-HOA', 'Xã Vĩnh Hòa', ['VB-HUNG-NHAN', 'VB-NHAN-HOA', 'VB-CAO-MINH']],
  ['HP-VINH-THINH', 'Xã Vĩnh Thịnh', ['VB-TIEN-PHONG', 'VB-DONG-MINH', 'VB-VINH-AN', 'VB-THANG-THUY']],
];

/**
 * The 1/7/2025 reorganisation of Vĩnh Bảo's units as a domain event (sample grouping, to be checked against the
 * official resolution): the communes merge into six new communes of Hải Phòng and the district is abolished.
 */
export const vinhBaoUnitReorganisation2025: AdministrativeUnitsReorganised = {
  type: 'AdministrativeUnitsReorganised',
  occurredOn: '2025-07-01',
  data: {
    reorganisationId: 'hp-units-2025-07-01',
    decisionRef: 'Nghị quyết của UBTVQH về sắp xếp ĐVHC cấp xã của thành phố Hải Phòng năm 2025 (sample)',
    merges: NEW_COMMUNES.map(([code, name, from]) => ({ unit: unit(code, name, 'commune', 'HP'), from: [...from] })),
    abolished: [VINH_BAO_DISTRICT],
  },
};
