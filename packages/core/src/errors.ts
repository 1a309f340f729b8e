import type { ZodError } from 'zod';

/** Every way a command can break a business rule, with the facts that broke it. */
export type Rejection =
  | { code: 'OrganisationAlreadyFounded'; organisationId: string }
  | { code: 'OrganisationNotFound'; organisationId: string }
  | { code: 'OrganisationCeased'; organisationId: string; status: string }
  | { code: 'OrganisationNotActive'; organisationId: string; status: string }
  | { code: 'TooFewFoundingMembers'; organisationId: string; kind: string; minimum: number; actual: number }
  | { code: 'MemberKindNotAllowed'; organisationId: string; memberId: string; reason: string }
  | { code: 'MemberAlreadyAdmitted'; organisationId: string; memberId: string }
  | { code: 'NotAMember'; organisationId: string; memberId: string }
  | { code: 'DateBeforeAdmission'; organisationId: string; memberId: string; admittedOn: string; on: string }
  | { code: 'DateBeforeFounding'; organisationId: string; foundedOn: string; on: string }
  | { code: 'DateBeforeLastEvent'; organisationId: string; lastOn: string; on: string }
  | { code: 'CapitalCapExceeded'; organisationId: string; memberId: string; cap: string; limit: number; share: number }
  | { code: 'CapitalNotHeld'; organisationId: string; memberId: string; held: number; requested: number }
  | { code: 'RatingYearNotEligible'; organisationId: string; year: number; reason: string }
  | { code: 'ScoreLevelMismatch'; organisationId: string; scheme: string; score: number; level: string; expected: string }
  | { code: 'LinkageNotThroughConsumption'; organisationId: string; linkageId: string; stages: string[] }
  | { code: 'LinkageDatesInvalid'; organisationId: string; linkageId: string; startsOn: string; endsOn: string }
  | { code: 'LinkageAlreadyExists'; organisationId: string; linkageId: string }
  | { code: 'LinkageNotFound'; organisationId: string; linkageId: string }
  | { code: 'RecognitionAlreadyExists'; organisationId: string; recognitionId: string }
  | { code: 'RecognitionNotFound'; organisationId: string; recognitionId: string }
  | { code: 'DebtAlreadyRecognised'; organisationId: string; debtId: string }
  | { code: 'DebtNotFound'; organisationId: string; debtId: string }
  | { code: 'DebtAmountExceedsOutstanding'; organisationId: string; debtId: string; outstanding: number; amount: number }
  | { code: 'DebtsOutstanding'; organisationId: string; outstanding: number; debtIds: string[] }
  | { code: 'AlreadySuspended'; organisationId: string }
  | { code: 'NotSuspended'; organisationId: string; status: string }
  | { code: 'SuspensionTooLong'; organisationId: string; from: string; until: string }
  | { code: 'SuspensionDatesInvalid'; organisationId: string; from: string; until: string }
  | { code: 'RecognitionDatesInvalid'; organisationId: string; recognitionId: string; validFrom: string; validUntil: string }
  | { code: 'InvalidStatusChange'; organisationId: string; from: string; to: string }
  | { code: 'NotDissolving'; organisationId: string; status: string }
  | { code: 'WrongKind'; organisationId: string; kind: string; expected: string[] }
  | { code: 'ConversionTooEarly'; organisationId: string; foundedOn: string; on: string }
  | { code: 'ReorganisationShapeInvalid'; reorganisationId: string; shape: string; reason: string }
  | { code: 'UnionMembershipInvalid'; organisationId: string; unionId: string; reason: string }
  | { code: 'NothingToChange'; organisationId: string }
  | { code: 'UnitReorganisationInvalid'; reorganisationId: string; reason: string };

/** A command broke a business rule; nothing was recorded. */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(readonly rejection: Rejection) {
    const { code, ...details } = rejection;
    super(`${code} ${JSON.stringify(details)}`);
  }
}

/** True when `error` is a DomainError, optionally with the given rejection code. */
export const isDomainError = (error: unknown, code?: Rejection['code']): error is DomainError =>
  error instanceof Error &&
  error.name === 'DomainError' &&
  (code === undefined || (error as DomainError).rejection.code === code);

/** An append's expected stream version did not match: someone else wrote first. */
export class ConcurrencyError extends Error {
  override readonly name = 'ConcurrencyError';
  constructor(
    readonly streamName: string,
    readonly expected: number | string,
    readonly actual: number,
  ) {
    super(`stream ${streamName} is at version ${actual}, expected ${expected}`);
  }
}

/** True when `error` is a ConcurrencyError. */
export const isConcurrencyError = (error: unknown): error is ConcurrencyError =>
  error instanceof Error && error.name === 'ConcurrencyError';

/** An event id was appended before with different content, or a batch repeats only part of an earlier one. */
export class IdempotencyError extends Error {
  override readonly name = 'IdempotencyError';
  constructor(
    readonly eventId: string,
    readonly reason: string,
  ) {
    super(`event ${eventId}: ${reason}`);
  }
}

/** A line, row or event failed validation: where it was, which field, and why. */
export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';
  constructor(
    readonly location: { line?: number; stream?: string; streamVersion?: number; eventId?: string },
    readonly field: string,
    readonly reason: string,
    options?: { cause?: ZodError | Error },
  ) {
    const where = [
      location.line !== undefined ? `line ${location.line}` : undefined,
      location.eventId !== undefined ? `event ${location.eventId}` : undefined,
      location.stream !== undefined ? `stream ${location.stream}` : undefined,
      location.streamVersion !== undefined ? `version ${location.streamVersion}` : undefined,
    ]
      .filter(Boolean)
      .join(', ');
    super(`${where || 'event'}: field "${field}": ${reason}`, options);
  }
}

/** True when `error` is an InvalidEventError. */
export const isInvalidEventError = (error: unknown): error is InvalidEventError =>
  error instanceof Error && error.name === 'InvalidEventError';
