import { z } from 'zod';
import {
  ChainStage,
  CounterpartyKind,
  CreditorType,
  Dong,
  Id,
  IsoDate,
  LegalStatus,
  MemberKind,
  OrganisationKind,
  PartyType,
  RatingLevel,
  RatingScheme,
  Year,
} from '../primitives';

// Every event is { type, occurredOn, data }: occurredOn is the business date (certificate, resolution, decision);
// the store adds the envelope (ids, versions, positions, recordedAt, metadata).
const event = <Type extends string, Data extends z.ZodRawShape>(type: Type, data: Data) =>
  z.strictObject({ type: z.literal(type), occurredOn: IsoDate, data: z.strictObject({ organisationId: Id, ...data }) });

/** How an organisation came to exist: a new founding, a conversion from a cooperative group, or a reorganisation successor. */
export const FoundingOrigin = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('new') }),
  z.strictObject({ type: z.literal('conversion'), fromGroupId: Id }),
  z.strictObject({ type: z.literal('reorganisation-successor'), reorganisationId: Id }),
]);
export type FoundingOrigin = z.infer<typeof FoundingOrigin>;

/** How a member came in: an application, the founding, a conversion carry-over or a reorganisation transfer. */
export const AdmissionOrigin = z.enum(['application', 'founding', 'conversion', 'reorganisation']);
export type AdmissionOrigin = z.infer<typeof AdmissionOrigin>;

/** Why a member left (Law 17/2023 Art. 30), plus moves caused by the organisation itself. */
export const DepartureReason = z.enum([
  'voluntary',
  'death',
  'incapacity',
  'member-organisation-dissolved',
  'expelled',
  'inactivity',
  'capital-default',
  'fee-non-payment',
  'organisation-ceased',
  'reorganisation',
]);
export type DepartureReason = z.infer<typeof DepartureReason>;

/** The four reorganisation shapes (tổ chức lại, Law 17/2023 Art. 92–95). */
export const ReorganisationShape = z.enum(['division', 'separation', 'consolidation', 'merger']);
export type ReorganisationShape = z.infer<typeof ReorganisationShape>;

/** Ways an organisation is dissolved (Art. 97–101) or ends in bankruptcy. */
export const DissolutionMode = z.enum(['voluntary', 'compulsory', 'bankruptcy']);
export type DissolutionMode = z.infer<typeof DissolutionMode>;

/** The basis of a high-technology recognition; no official criteria exist for cooperatives, so it is always recorded. */
export const HighTechBasis = z.enum(['high-tech-zone', 'high-tech-agricultural-area', 'decision-738-criteria', 'local-rule']);
export type HighTechBasis = z.infer<typeof HighTechBasis>;

/** An organisation was founded (thành lập): registered with its kind, name, code and head-office unit. */
export const OrganisationFounded = event('OrganisationFounded', {
  kind: OrganisationKind,
  name: z.string().min(1).max(300),
  registrationCode: z.string().min(1).max(64),
  headOfficeUnit: Id,
  origin: FoundingOrigin,
});
export type OrganisationFounded = z.infer<typeof OrganisationFounded>;

/** Registration details changed: name or registration code (đăng ký thay đổi). */
export const RegistrationDetailsChanged = event('RegistrationDetailsChanged', {
  name: z.string().min(1).max(300).optional(),
  registrationCode: z.string().min(1).max(64).optional(),
});
export type RegistrationDetailsChanged = z.infer<typeof RegistrationDetailsChanged>;

/** The head office moved to another administrative unit (which may be outside the territory). */
export const HeadOfficeMoved = event('HeadOfficeMoved', { fromUnit: Id, toUnit: Id });
export type HeadOfficeMoved = z.infer<typeof HeadOfficeMoved>;

/** A member was admitted (kết nạp), with kind, party type, committed capital and origin. */
export const MemberAdmitted = event('MemberAdmitted', {
  memberId: Id,
  memberKind: MemberKind,
  partyType: PartyType,
  capitalCommitted: Dong,
  origin: AdmissionOrigin,
});
export type MemberAdmitted = z.infer<typeof MemberAdmitted>;

/** A member moved between member kinds. */
export const MemberKindChanged = event('MemberKindChanged', { memberId: Id, from: MemberKind, to: MemberKind });
export type MemberKindChanged = z.infer<typeof MemberKindChanged>;

/** A member contributed capital (góp vốn). */
export const CapitalContributed = event('CapitalContributed', { memberId: Id, amount: Dong.positive() });
export type CapitalContributed = z.infer<typeof CapitalContributed>;

/** Capital was returned to a member (trả lại vốn góp). */
export const CapitalReturned = event('CapitalReturned', { memberId: Id, amount: Dong.positive() });
export type CapitalReturned = z.infer<typeof CapitalReturned>;

/** A member left, with the reason. */
export const MemberDeparted = event('MemberDeparted', { memberId: Id, reason: DepartureReason });
export type MemberDeparted = z.infer<typeof MemberDeparted>;

/** Operations suspended (tạm ngừng kinh doanh), notified for at most 12 months at a time. */
export const OperationsSuspended = event('OperationsSuspended', { until: IsoDate.optional(), reason: z.string().max(500).optional() });
export type OperationsSuspended = z.infer<typeof OperationsSuspended>;

/** Operations resumed after a suspension. */
export const OperationsResumed = event('OperationsResumed', {});
export type OperationsResumed = z.infer<typeof OperationsResumed>;

/** The registry set another legal status (Decree 92/2024 Art. 27), e.g. not at its registered address. */
export const LegalStatusChanged = event('LegalStatusChanged', {
  from: LegalStatus,
  to: LegalStatus,
  decisionRef: z.string().max(200).optional(),
});
export type LegalStatusChanged = z.infer<typeof LegalStatusChanged>;

/** A yearly rating (đánh giá, xếp loại) under a named scheme. */
export const RatingRecorded = event('RatingRecorded', {
  year: Year,
  scheme: RatingScheme,
  level: RatingLevel,
  score: z.number().min(0).max(100),
});
export type RatingRecorded = z.infer<typeof RatingRecorded>;

/** A later rating for the same organisation, year and scheme: it replaces the earlier one, which stays in history. */
export const RatingCorrected = event('RatingCorrected', {
  year: Year,
  scheme: RatingScheme,
  level: RatingLevel,
  score: z.number().min(0).max(100),
  reason: z.string().max(500).optional(),
});
export type RatingCorrected = z.infer<typeof RatingCorrected>;

/** A written value-chain linkage contract (Decree 98/2018) came into force. */
export const ValueChainLinkageStarted = event('ValueChainLinkageStarted', {
  linkageId: Id,
  contractReference: z.string().min(1).max(200),
  counterpartyKind: CounterpartyKind,
  stages: z.array(ChainStage).min(1).max(4),
  startsOn: IsoDate,
  endsOn: IsoDate.optional(),
});
export type ValueChainLinkageStarted = z.infer<typeof ValueChainLinkageStarted>;

/** A linkage contract ended; `endsOn` is its last day in force. */
export const ValueChainLinkageEnded = event('ValueChainLinkageEnded', { linkageId: Id, endsOn: IsoDate });
export type ValueChainLinkageEnded = z.infer<typeof ValueChainLinkageEnded>;

/** A high-technology recognition was granted, with its basis and validity. */
export const HighTechRecognitionGranted = event('HighTechRecognitionGranted', {
  recognitionId: Id,
  basis: HighTechBasis,
  issuer: z.string().min(1).max(200),
  validFrom: IsoDate,
  validUntil: IsoDate.optional(),
});
export type HighTechRecognitionGranted = z.infer<typeof HighTechRecognitionGranted>;

/** A high-technology recognition lapsed; `lapsedOn` is its last day in force. */
export const HighTechRecognitionLapsed = event('HighTechRecognitionLapsed', { recognitionId: Id, lapsedOn: IsoDate });
export type HighTechRecognitionLapsed = z.infer<typeof HighTechRecognitionLapsed>;

/** A digital-transformation assessment against a versioned checklist. */
export const DigitalAssessmentRecorded = event('DigitalAssessmentRecorded', {
  checklistVersion: z.string().min(1).max(64),
  result: z.enum(['meets', 'does-not-meet']),
  criteriaMet: z.array(z.string().min(1).max(100)).max(50).optional(),
});
export type DigitalAssessmentRecorded = z.infer<typeof DigitalAssessmentRecorded>;

/** A debt of the organisation was recognised (nợ), by creditor type, with its origin and due dates. */
export const DebtRecognised = event('DebtRecognised', {
  debtId: Id,
  creditorType: CreditorType,
  amount: Dong.positive(),
  originDate: IsoDate,
  dueDate: IsoDate,
});
export type DebtRecognised = z.infer<typeof DebtRecognised>;

/** A debt was paid, partly or fully. */
export const DebtPaid = event('DebtPaid', { debtId: Id, amount: Dong.positive() });
export type DebtPaid = z.infer<typeof DebtPaid>;

/** A debt was written off, partly or fully. */
export const DebtWrittenOff = event('DebtWrittenOff', { debtId: Id, amount: Dong.positive(), decisionRef: z.string().max(200).optional() });
export type DebtWrittenOff = z.infer<typeof DebtWrittenOff>;

/** Yearly funds: charter capital, mobilised capital, indivisible fund (quỹ không chia). */
export const FundsReported = event('FundsReported', {
  year: Year,
  charterCapital: Dong,
  mobilisedCapital: Dong,
  indivisibleFund: Dong,
});
export type FundsReported = z.infer<typeof FundsReported>;

/** The organisation established an enterprise (thành lập doanh nghiệp). */
export const EnterpriseEstablished = event('EnterpriseEstablished', {
  enterpriseCode: z.string().min(1).max(64),
  ownershipShare: z.number().gt(0).max(1),
});
export type EnterpriseEstablished = z.infer<typeof EnterpriseEstablished>;

/** A cooperative joined a cooperative union as a member organisation. */
export const UnionJoined = event('UnionJoined', { unionId: Id });
export type UnionJoined = z.infer<typeof UnionJoined>;

/** A cooperative left a cooperative union. */
export const UnionLeft = event('UnionLeft', { unionId: Id });
export type UnionLeft = z.infer<typeof UnionLeft>;

/** The yearly registration update was submitted to the national cooperative information system. */
export const RegistrationUpdateSubmitted = event('RegistrationUpdateSubmitted', { windowYear: Year });
export type RegistrationUpdateSubmitted = z.infer<typeof RegistrationUpdateSubmitted>;

/** An inspection (kiểm tra, thanh tra) took place, with its findings. */
export const InspectionRecorded = event('InspectionRecorded', {
  inspectionId: Id,
  authority: z.string().min(1).max(200),
  findings: z.array(z.string().min(1).max(500)).max(50),
});
export type InspectionRecorded = z.infer<typeof InspectionRecorded>;

/** An administrative sanction was imposed; under the 2017 scheme it makes that year's level weak. */
export const SanctionImposed = event('SanctionImposed', {
  decisionRef: z.string().min(1).max(200),
  violation: z.string().min(1).max(500),
});
export type SanctionImposed = z.infer<typeof SanctionImposed>;

/** A legacy cooperative was assessed against the conversion duty of an earlier law (chưa chuyển đổi). */
export const LegacyConversionAssessed = event('LegacyConversionAssessed', {
  status: z.enum(['not-converted', 'converted', 'not-applicable']),
  registeredUnderLaw: z.enum(['1996', '2003', '2012', '2023']),
});
export type LegacyConversionAssessed = z.infer<typeof LegacyConversionAssessed>;

/** A cooperative group became a cooperative (Art. 108); written on the group's stream, which ceases. */
export const GroupConverted = event('GroupConverted', { cooperativeId: Id });
export type GroupConverted = z.infer<typeof GroupConverted>;

/**
 * One reorganisation decision as seen by one participant; the same decision is written to every participant's
 * stream in one atomic append.
 */
export const OrganisationReorganised = event('OrganisationReorganised', {
  reorganisationId: Id,
  shape: ReorganisationShape,
  role: z.enum(['source-ceases', 'source-continues', 'successor', 'absorbing']),
  sourceIds: z.array(Id).min(1),
  successorIds: z.array(Id).min(1),
});
export type OrganisationReorganised = z.infer<typeof OrganisationReorganised>;

/** Dissolution started (đang làm thủ tục giải thể) or bankruptcy proceedings opened. */
export const DissolutionStarted = event('DissolutionStarted', {
  mode: DissolutionMode,
  decisionRef: z.string().max(200).optional(),
});
export type DissolutionStarted = z.infer<typeof DissolutionStarted>;

/** Dissolution completed (đã giải thể / phá sản): the organisation has ceased. */
export const DissolutionCompleted = event('DissolutionCompleted', { mode: DissolutionMode });
export type DissolutionCompleted = z.infer<typeof DissolutionCompleted>;

/** Every event of an organisation's stream. */
export const OrganisationEvent = z.discriminatedUnion('type', [
  OrganisationFounded,
  RegistrationDetailsChanged,
  HeadOfficeMoved,
  MemberAdmitted,
  MemberKindChanged,
  CapitalContributed,
  CapitalReturned,
  MemberDeparted,
  OperationsSuspended,
  OperationsResumed,
  LegalStatusChanged,
  RatingRecorded,
  RatingCorrected,
  ValueChainLinkageStarted,
  ValueChainLinkageEnded,
  HighTechRecognitionGranted,
  HighTechRecognitionLapsed,
  DigitalAssessmentRecorded,
  DebtRecognised,
  DebtPaid,
  DebtWrittenOff,
  FundsReported,
  EnterpriseEstablished,
  UnionJoined,
  UnionLeft,
  RegistrationUpdateSubmitted,
  InspectionRecorded,
  SanctionImposed,
  LegacyConversionAssessed,
  GroupConverted,
  OrganisationReorganised,
  DissolutionStarted,
  DissolutionCompleted,
]);
export type OrganisationEvent = z.infer<typeof OrganisationEvent>;

/** The stream holding one organisation's history: category first, so EventStoreDB's `$ce-organisation` works. */
export const organisationStream = (organisationId: string): string => `organisation-${organisationId}`;
