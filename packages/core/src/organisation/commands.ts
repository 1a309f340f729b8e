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
import { DepartureReason, DissolutionMode, HighTechBasis, ReorganisationShape } from './events';

// Every command is { type, on, data }: `on` is the business date of what it records; ids come with the command.
const command = <Type extends string, Data extends z.ZodRawShape>(type: Type, data: Data) =>
  z.strictObject({ type: z.literal(type), on: IsoDate, data: z.strictObject({ organisationId: Id, ...data }) });

/** A member as named in a founding or admission command: a pseudonymous id, never a name. */
export const MemberSpec = z.strictObject({
  memberId: Id,
  memberKind: MemberKind,
  partyType: PartyType,
  capitalCommitted: Dong,
});
export type MemberSpec = z.infer<typeof MemberSpec>;

/** Found an organisation with its founding members (dated on the founding date). */
export const FoundOrganisation = command('FoundOrganisation', {
  kind: OrganisationKind,
  name: z.string().min(1).max(300),
  registrationCode: z.string().min(1).max(64),
  headOfficeUnit: Id,
  foundingMembers: z.array(MemberSpec).max(10_000),
});
export type FoundOrganisation = z.infer<typeof FoundOrganisation>;

/** Change the registered name or code. */
export const ChangeRegistrationDetails = command('ChangeRegistrationDetails', {
  name: z.string().min(1).max(300).optional(),
  registrationCode: z.string().min(1).max(64).optional(),
});
export type ChangeRegistrationDetails = z.infer<typeof ChangeRegistrationDetails>;

/** Move the head office to another administrative unit. */
export const MoveHeadOffice = command('MoveHeadOffice', { toUnit: Id });
export type MoveHeadOffice = z.infer<typeof MoveHeadOffice>;

/** Admit a member on application. */
export const AdmitMember = command('AdmitMember', { member: MemberSpec });
export type AdmitMember = z.infer<typeof AdmitMember>;

/** Change a member's kind. */
export const ChangeMemberKind = command('ChangeMemberKind', { memberId: Id, to: MemberKind });
export type ChangeMemberKind = z.infer<typeof ChangeMemberKind>;

/** Record a member's capital contribution. */
export const ContributeCapital = command('ContributeCapital', { memberId: Id, amount: Dong.positive() });
export type ContributeCapital = z.infer<typeof ContributeCapital>;

/** Return capital to a member. */
export const ReturnCapital = command('ReturnCapital', { memberId: Id, amount: Dong.positive() });
export type ReturnCapital = z.infer<typeof ReturnCapital>;

/** Record a member's departure. */
export const RecordDeparture = command('RecordDeparture', { memberId: Id, reason: DepartureReason });
export type RecordDeparture = z.infer<typeof RecordDeparture>;

/** Suspend operations, for at most 12 months at a time. */
export const SuspendOperations = command('SuspendOperations', {
  until: IsoDate.optional(),
  reason: z.string().max(500).optional(),
});
export type SuspendOperations = z.infer<typeof SuspendOperations>;

/** Resume operations after a suspension. */
export const ResumeOperations = command('ResumeOperations', {});
export type ResumeOperations = z.infer<typeof ResumeOperations>;

/** Set a registry legal status other than those with their own commands (suspension, dissolution). */
export const ChangeLegalStatus = command('ChangeLegalStatus', {
  to: LegalStatus,
  decisionRef: z.string().max(200).optional(),
});
export type ChangeLegalStatus = z.infer<typeof ChangeLegalStatus>;

/** Record a yearly rating; a second one for the same year and scheme is recorded as a correction. */
export const RateOrganisation = command('RateOrganisation', {
  year: Year,
  scheme: RatingScheme,
  level: RatingLevel,
  score: z.number().min(0).max(100),
  reason: z.string().max(500).optional(),
});
export type RateOrganisation = z.infer<typeof RateOrganisation>;

/** Start a value-chain linkage contract. */
export const StartLinkage = command('StartLinkage', {
  linkageId: Id,
  contractReference: z.string().min(1).max(200),
  counterpartyKind: CounterpartyKind,
  stages: z.array(ChainStage).min(1).max(4),
  endsOn: IsoDate.optional(),
});
export type StartLinkage = z.infer<typeof StartLinkage>;

/** End a linkage contract; `on` is its last day in force. */
export const EndLinkage = command('EndLinkage', { linkageId: Id });
export type EndLinkage = z.infer<typeof EndLinkage>;

/** Grant a high-technology recognition from `on`. */
export const GrantHighTechRecognition = command('GrantHighTechRecognition', {
  recognitionId: Id,
  basis: HighTechBasis,
  issuer: z.string().min(1).max(200),
  validUntil: IsoDate.optional(),
});
export type GrantHighTechRecognition = z.infer<typeof GrantHighTechRecognition>;

/** Record that a recognition lapsed; `on` is its last day in force. */
export const LapseHighTechRecognition = command('LapseHighTechRecognition', { recognitionId: Id });
export type LapseHighTechRecognition = z.infer<typeof LapseHighTechRecognition>;

/** Record a digital-transformation assessment. */
export const RecordDigitalAssessment = command('RecordDigitalAssessment', {
  checklistVersion: z.string().min(1).max(64),
  result: z.enum(['meets', 'does-not-meet']),
  criteriaMet: z.array(z.string().min(1).max(100)).max(50).optional(),
});
export type RecordDigitalAssessment = z.infer<typeof RecordDigitalAssessment>;

/** Recognise a debt of the organisation. */
export const RecogniseDebt = command('RecogniseDebt', {
  debtId: Id,
  creditorType: CreditorType,
  amount: Dong.positive(),
  originDate: IsoDate,
  dueDate: IsoDate,
});
export type RecogniseDebt = z.infer<typeof RecogniseDebt>;

/** Pay a debt, partly or fully. */
export const PayDebt = command('PayDebt', { debtId: Id, amount: Dong.positive() });
export type PayDebt = z.infer<typeof PayDebt>;

/** Write a debt off, partly or fully. */
export const WriteOffDebt = command('WriteOffDebt', { debtId: Id, amount: Dong.positive(), decisionRef: z.string().max(200).optional() });
export type WriteOffDebt = z.infer<typeof WriteOffDebt>;

/** Report the year's funds. */
export const ReportFunds = command('ReportFunds', { year: Year, charterCapital: Dong, mobilisedCapital: Dong, indivisibleFund: Dong });
export type ReportFunds = z.infer<typeof ReportFunds>;

/** Record an enterprise the organisation established. */
export const EstablishEnterprise = command('EstablishEnterprise', {
  enterpriseCode: z.string().min(1).max(64),
  ownershipShare: z.number().gt(0).max(1),
});
export type EstablishEnterprise = z.infer<typeof EstablishEnterprise>;

/** A cooperative joins a union. */
export const JoinUnion = command('JoinUnion', { unionId: Id });
export type JoinUnion = z.infer<typeof JoinUnion>;

/** A cooperative leaves a union. */
export const LeaveUnion = command('LeaveUnion', { unionId: Id });
export type LeaveUnion = z.infer<typeof LeaveUnion>;

/** Record the yearly update to the national cooperative information system. */
export const SubmitRegistrationUpdate = command('SubmitRegistrationUpdate', { windowYear: Year });
export type SubmitRegistrationUpdate = z.infer<typeof SubmitRegistrationUpdate>;

/** Record an inspection. */
export const RecordInspection = command('RecordInspection', {
  inspectionId: Id,
  authority: z.string().min(1).max(200),
  findings: z.array(z.string().min(1).max(500)).max(50),
});
export type RecordInspection = z.infer<typeof RecordInspection>;

/** Record an administrative sanction. */
export const ImposeSanction = command('ImposeSanction', {
  decisionRef: z.string().min(1).max(200),
  violation: z.string().min(1).max(500),
});
export type ImposeSanction = z.infer<typeof ImposeSanction>;

/** Record a legacy-conversion assessment. */
export const AssessLegacyConversion = command('AssessLegacyConversion', {
  status: z.enum(['not-converted', 'converted', 'not-applicable']),
  registeredUnderLaw: z.enum(['1996', '2003', '2012', '2023']),
});
export type AssessLegacyConversion = z.infer<typeof AssessLegacyConversion>;

/** Start a dissolution (or bankruptcy proceedings). */
export const StartDissolution = command('StartDissolution', { mode: DissolutionMode, decisionRef: z.string().max(200).optional() });
export type StartDissolution = z.infer<typeof StartDissolution>;

/** Complete a dissolution: only once every recognised debt is settled. */
export const CompleteDissolution = command('CompleteDissolution', {});
export type CompleteDissolution = z.infer<typeof CompleteDissolution>;

/** Convert a cooperative group (organisationId) into a new cooperative; its current members carry over. */
export const ConvertGroup = command('ConvertGroup', {
  cooperativeId: Id,
  name: z.string().min(1).max(300),
  registrationCode: z.string().min(1).max(64),
});
export type ConvertGroup = z.infer<typeof ConvertGroup>;

/** A successor to be founded by a reorganisation, with the members it takes over. */
export const SuccessorSpec = z.strictObject({
  organisationId: Id,
  name: z.string().min(1).max(300),
  registrationCode: z.string().min(1).max(64),
  headOfficeUnit: Id,
  memberIds: z.array(Id).max(10_000),
});
export type SuccessorSpec = z.infer<typeof SuccessorSpec>;

/**
 * Reorganise several organisations in one decision. `organisationId` is the first source. Division: one source
 * ceases into ≥ 2 new successors. Separation: the source continues and ≥ 1 new successor takes the listed
 * members. Consolidation: ≥ 2 sources cease into 1 new successor. Merger: ≥ 1 sources cease into the existing
 * `absorbingId`. Same kind throughout.
 */
export const ReorganiseOrganisations = command('ReorganiseOrganisations', {
  reorganisationId: Id,
  shape: ReorganisationShape,
  sourceIds: z.array(Id).min(1).max(100),
  newSuccessors: z.array(SuccessorSpec).max(100),
  absorbingId: Id.optional(),
});
export type ReorganiseOrganisations = z.infer<typeof ReorganiseOrganisations>;

/** Every command about organisations. */
export const OrganisationCommand = z.discriminatedUnion('type', [
  FoundOrganisation,
  ChangeRegistrationDetails,
  MoveHeadOffice,
  AdmitMember,
  ChangeMemberKind,
  ContributeCapital,
  ReturnCapital,
  RecordDeparture,
  SuspendOperations,
  ResumeOperations,
  ChangeLegalStatus,
  RateOrganisation,
  StartLinkage,
  EndLinkage,
  GrantHighTechRecognition,
  LapseHighTechRecognition,
  RecordDigitalAssessment,
  RecogniseDebt,
  PayDebt,
  WriteOffDebt,
  ReportFunds,
  EstablishEnterprise,
  JoinUnion,
  LeaveUnion,
  SubmitRegistrationUpdate,
  RecordInspection,
  ImposeSanction,
  AssessLegacyConversion,
  StartDissolution,
  CompleteDissolution,
  ConvertGroup,
  ReorganiseOrganisations,
]);
export type OrganisationCommand = z.infer<typeof OrganisationCommand>;
