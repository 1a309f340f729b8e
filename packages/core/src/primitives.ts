import { z } from 'zod';

/** A calendar day, ISO `YYYY-MM-DD`; business dates (`occurredOn`) are days, never times. */
export const IsoDate = z.iso.date();
export type IsoDate = z.infer<typeof IsoDate>;

/** An instant, ISO 8601 with a zone (`2030-12-31T09:00:00.000Z`); record times (`recordedAt`) are instants. */
export const IsoInstant = z.iso.datetime({ offset: true });
export type IsoInstant = z.infer<typeof IsoInstant>;

/** An identifier chosen by the caller: an official code, a UUID or a pseudonym. Never a person's name. */
export const Id = z.string().min(1).max(128).regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'letters, digits, . _ : - only');
export type Id = z.infer<typeof Id>;

/** An amount of money in Vietnamese đồng: a whole, non-negative, exactly representable number. */
export const Dong = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
export type Dong = z.infer<typeof Dong>;

/** A calendar year the plan can talk about. */
export const Year = z.number().int().min(1990).max(2100);

/** The legal forms of collective economic organisation (tổ chức kinh tế tập thể). */
export const OrganisationKind = z.enum(['cooperative-group', 'cooperative', 'cooperative-union', 'peoples-credit-fund']);
export type OrganisationKind = z.infer<typeof OrganisationKind>;

/** Member kinds of Law 17/2023 Art. 4: official, associate contributing capital, associate without capital. */
export const MemberKind = z.enum(['official', 'associate-contributing', 'associate-non-contributing']);
export type MemberKind = z.infer<typeof MemberKind>;

/** Who a member is: a natural person, a household, a legal entity or (in a union) a cooperative. */
export const PartyType = z.enum(['individual', 'household', 'legal-entity', 'cooperative']);
export type PartyType = z.infer<typeof PartyType>;

/** Legal status of Decree 92/2024 Art. 27; one at a time. */
export const LegalStatus = z.enum([
  'active',
  'suspended',
  'not-at-registered-address',
  'certificate-revoked',
  'reorganising-or-dissolving',
  'bankruptcy-proceedings',
  'ceased',
]);
export type LegalStatus = z.infer<typeof LegalStatus>;

/** Rating levels: tốt (good), khá (fair), trung bình (average), yếu (weak). */
export const RatingLevel = z.enum(['good', 'fair', 'average', 'weak']);
export type RatingLevel = z.infer<typeof RatingLevel>;

/** The rating instrument a rating was made under; kept on every rating because the instrument after 2024 is unconfirmed. */
export const RatingScheme = z.string().min(1).max(64);
export type RatingScheme = z.infer<typeof RatingScheme>;

/** Circular 01/2020/TT-BKHĐT, for all cooperatives. */
export const CIRCULAR_01_2020 = 'circular-01-2020';
/** Circular 09/2017/TT-BNNPTNT, for agricultural cooperatives; a sanction in the year makes the level weak. */
export const CIRCULAR_09_2017 = 'circular-09-2017';

/** Stages of a value chain (Decree 98/2018). */
export const ChainStage = z.enum(['inputs', 'production', 'processing', 'consumption']);
export type ChainStage = z.infer<typeof ChainStage>;

/** The other party of a linkage contract. */
export const CounterpartyKind = z.enum(['enterprise', 'state-owned-enterprise', 'cooperative', 'cooperative-union', 'farmers']);
export type CounterpartyKind = z.infer<typeof CounterpartyKind>;

/** The plan's four creditor types of long-outstanding debt (nợ tồn đọng). */
export const CreditorType = z.enum(['state', 'bank', 'other-organisation', 'member']);
export type CreditorType = z.infer<typeof CreditorType>;
