import {
  canonicalJson,
  decideOrganisations,
  evolve,
  initialState,
  isDomainError,
  organisationStream,
  type OrganisationCommand,
  type Organisation,
  type OrganisationEvent,
  type RecordedEvent,
  type ReorganiseOrganisations,
} from '@hoptac/core';

/** The first event the decider's rules do not produce from the history before it. */
export interface RuleProblem {
  event: RecordedEvent;
  message: string;
}

/** What replaying the rules did: decisions re-derived and organisations seen, or the first problem. */
export interface RuleCheck {
  decisions: number;
  organisations: number;
  problem?: RuleProblem;
}

const ORGANISATION_PREFIX = 'organisation-';

type OrgEvent = RecordedEvent<OrganisationEvent>;

const content = (event: OrganisationEvent): string => canonicalJson({ type: event.type, occurredOn: event.occurredOn, data: event.data });

/**
 * Replays the decider over a whole history. Each decision is rebuilt as the command that must have caused it
 * (from its first event, looking ahead in its streams), decided again against the state of every organisation it
 * involves as it stood just before, and the events decide returns must be exactly the next events of those
 * streams. A history passes when every organisation event is re-derived this way: nothing was written that the
 * rules refuse, and nothing differs from what they produce. Territory events are checked by their schema only.
 */
export const checkRules = (events: readonly RecordedEvent[]): RuleCheck => {
  const streams = new Map<string, OrgEvent[]>();
  for (const event of events) {
    if (!event.stream.startsWith(ORGANISATION_PREFIX)) continue;
    const list = streams.get(event.stream) ?? [];
    list.push(event as OrgEvent);
    streams.set(event.stream, list);
  }
  const cursors = new Map<string, number>();
  const states = new Map<string, Organisation>();
  const consumed = new Set<number>();
  let decisions = 0;
  const stateOf = (id: string): Organisation => states.get(id) ?? initialState();

  for (const event of events) {
    if (!event.stream.startsWith(ORGANISATION_PREFIX) || consumed.has(event.globalPosition)) continue;
    const anchor = event as OrgEvent;
    const owner = anchor.stream.slice(ORGANISATION_PREFIX.length);
    if (anchor.data.organisationId !== owner)
      return { decisions, organisations: states.size, problem: { event, message: `data.organisationId is "${anchor.data.organisationId}" but the event is in stream ${anchor.stream}` } };
    const upcoming = (stream: string): OrgEvent[] => (streams.get(stream) ?? []).slice(cursors.get(stream) ?? 0);
    const rebuilt = rebuildCommand(anchor, upcoming);
    if (typeof rebuilt === 'string') return { decisions, organisations: states.size, problem: { event, message: rebuilt } };
    let decided: Map<string, OrganisationEvent[]>;
    try {
      const involved = new Map<string, Organisation>();
      for (const id of involvedIds(rebuilt)) involved.set(id, stateOf(id));
      decided = decideOrganisations(rebuilt, involved);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      const { code, ...facts } = error.rejection;
      return {
        decisions,
        organisations: states.size,
        problem: { event, message: `the rules refuse ${rebuilt.type} on ${rebuilt.on} here: ${code} ${JSON.stringify(facts)}` },
      };
    }
    if (![...decided.values()].some((list) => list.length > 0))
      return { decisions, organisations: states.size, problem: { event, message: `${rebuilt.type} on ${rebuilt.on} produces no event here` } };
    for (const [organisationId, expected] of decided) {
      const stream = organisationStream(organisationId);
      const actual = upcoming(stream).slice(0, expected.length);
      for (const [index, wanted] of expected.entries()) {
        const found = actual[index];
        if (found === undefined || content(found) !== content(wanted)) {
          const culprit = found ?? anchor;
          return {
            decisions,
            organisations: states.size,
            problem: {
              event: culprit,
              message: `does not follow from the rules: ${rebuilt.type} on ${rebuilt.on} gives ${wanted.type} ${JSON.stringify(wanted.data)} as event ${index + 1} of ${stream}${found ? `, the history has ${found.type} ${JSON.stringify(found.data)}` : ', the history ends there'}`,
            },
          };
        }
        consumed.add(found.globalPosition);
      }
      cursors.set(stream, (cursors.get(stream) ?? 0) + expected.length);
      states.set(organisationId, expected.reduce(evolve, stateOf(organisationId)));
    }
    if (!consumed.has(anchor.globalPosition))
      return { decisions, organisations: states.size, problem: { event, message: `${rebuilt.type} on ${rebuilt.on} does not produce this event` } };
    decisions++;
  }
  return { decisions, organisations: states.size };
};

const involvedIds = (command: OrganisationCommand): string[] => {
  if (command.type === 'ConvertGroup') return [command.data.organisationId, command.data.cooperativeId];
  if (command.type === 'ReorganiseOrganisations') {
    const { sourceIds, newSuccessors, absorbingId } = command.data;
    return [...new Set([...sourceIds, ...newSuccessors.map((successor) => successor.organisationId), ...(absorbingId ? [absorbingId] : [])])];
  }
  return [command.data.organisationId];
};

const optional = <Key extends string, Value>(key: Key, value: Value | undefined): { [K in Key]?: Value } =>
  (value === undefined ? {} : { [key]: value }) as { [K in Key]?: Value };

/** The command a decision must have come from, given its first event; or why none can be rebuilt. */
const rebuildCommand = (anchor: OrgEvent, upcoming: (stream: string) => OrgEvent[]): OrganisationCommand | string => {
  const on = anchor.occurredOn;
  const organisationId = anchor.data.organisationId;
  const own = upcoming(anchor.stream);
  // the next event of this stream that is not a departure: a departure can open a conversion, a reorganisation or a dissolution
  const afterDepartures = (): OrgEvent | undefined => own.find((event) => event.type !== 'MemberDeparted');
  switch (anchor.type) {
    case 'OrganisationFounded': {
      const { kind, name, registrationCode, headOfficeUnit, origin } = anchor.data;
      if (origin.type === 'conversion') return convertCommand(origin.fromGroupId, organisationId, on, upcoming);
      if (origin.type === 'reorganisation-successor') {
        const decision = own.find((event) => event.type === 'OrganisationReorganised');
        return decision ? reorganiseCommand(decision, upcoming) : `a reorganisation successor with no OrganisationReorganised event after its founding`;
      }
      const foundingMembers = [];
      for (const event of own.slice(1)) {
        if (event.type !== 'MemberAdmitted' || event.data.origin !== 'founding' || event.occurredOn !== on) break;
        const { memberId, memberKind, partyType, capitalCommitted } = event.data;
        foundingMembers.push({ memberId, memberKind, partyType, capitalCommitted });
      }
      return { type: 'FoundOrganisation', on, data: { organisationId, kind, name, registrationCode, headOfficeUnit, foundingMembers } };
    }
    case 'MemberDeparted': {
      const { memberId, reason } = anchor.data;
      if (reason === 'organisation-ceased' || reason === 'reorganisation') {
        const next = afterDepartures();
        if (next?.type === 'DissolutionCompleted') return { type: 'CompleteDissolution', on, data: { organisationId } };
        if (next?.type === 'GroupConverted') return convertCommand(organisationId, next.data.cooperativeId, on, upcoming);
        if (next?.type === 'OrganisationReorganised') return reorganiseCommand(next, upcoming);
        return `a departure for "${reason}" with no dissolution, conversion or reorganisation after it`;
      }
      return { type: 'RecordDeparture', on, data: { organisationId, memberId, reason } };
    }
    case 'GroupConverted':
      return convertCommand(organisationId, anchor.data.cooperativeId, on, upcoming);
    case 'OrganisationReorganised':
      return reorganiseCommand(anchor, upcoming);
    case 'MemberAdmitted': {
      const { memberId, memberKind, partyType, capitalCommitted, origin } = anchor.data;
      if (origin !== 'application') return `an admission with origin "${origin}" outside the founding, conversion or reorganisation it names`;
      return { type: 'AdmitMember', on, data: { organisationId, member: { memberId, memberKind, partyType, capitalCommitted } } };
    }
    case 'RegistrationDetailsChanged':
      return { type: 'ChangeRegistrationDetails', on, data: { organisationId, ...optional('name', anchor.data.name), ...optional('registrationCode', anchor.data.registrationCode) } };
    case 'HeadOfficeMoved':
      return { type: 'MoveHeadOffice', on, data: { organisationId, toUnit: anchor.data.toUnit } };
    case 'MemberKindChanged':
      return { type: 'ChangeMemberKind', on, data: { organisationId, memberId: anchor.data.memberId, to: anchor.data.to } };
    case 'CapitalContributed':
      return { type: 'ContributeCapital', on, data: { organisationId, memberId: anchor.data.memberId, amount: anchor.data.amount } };
    case 'CapitalReturned':
      return { type: 'ReturnCapital', on, data: { organisationId, memberId: anchor.data.memberId, amount: anchor.data.amount } };
    case 'OperationsSuspended':
      return { type: 'SuspendOperations', on, data: { organisationId, ...optional('until', anchor.data.until), ...optional('reason', anchor.data.reason) } };
    case 'OperationsResumed':
      return { type: 'ResumeOperations', on, data: { organisationId } };
    case 'LegalStatusChanged':
      return { type: 'ChangeLegalStatus', on, data: { organisationId, to: anchor.data.to, ...optional('decisionRef', anchor.data.decisionRef) } };
    case 'RatingRecorded': {
      const { year, scheme, level, score } = anchor.data;
      return { type: 'RateOrganisation', on, data: { organisationId, year, scheme, level, score } };
    }
    case 'RatingCorrected': {
      const { year, scheme, level, score, reason } = anchor.data;
      return { type: 'RateOrganisation', on, data: { organisationId, year, scheme, level, score, ...optional('reason', reason) } };
    }
    case 'ValueChainLinkageStarted': {
      const { linkageId, contractReference, counterpartyKind, stages, endsOn } = anchor.data;
      return { type: 'StartLinkage', on, data: { organisationId, linkageId, contractReference, counterpartyKind, stages, ...optional('endsOn', endsOn) } };
    }
    case 'ValueChainLinkageEnded':
      return { type: 'EndLinkage', on, data: { organisationId, linkageId: anchor.data.linkageId } };
    case 'HighTechRecognitionGranted': {
      const { recognitionId, basis, issuer, validUntil } = anchor.data;
      return { type: 'GrantHighTechRecognition', on, data: { organisationId, recognitionId, basis, issuer, ...optional('validUntil', validUntil) } };
    }
    case 'HighTechRecognitionLapsed':
      return { type: 'LapseHighTechRecognition', on, data: { organisationId, recognitionId: anchor.data.recognitionId } };
    case 'DigitalAssessmentRecorded': {
      const { checklistVersion, result, criteriaMet } = anchor.data;
      return { type: 'RecordDigitalAssessment', on, data: { organisationId, checklistVersion, result, ...optional('criteriaMet', criteriaMet) } };
    }
    case 'DebtRecognised': {
      const { debtId, creditorType, amount, originDate, dueDate } = anchor.data;
      return { type: 'RecogniseDebt', on, data: { organisationId, debtId, creditorType, amount, originDate, dueDate } };
    }
    case 'DebtPaid':
      return { type: 'PayDebt', on, data: { organisationId, debtId: anchor.data.debtId, amount: anchor.data.amount } };
    case 'DebtWrittenOff':
      return { type: 'WriteOffDebt', on, data: { organisationId, debtId: anchor.data.debtId, amount: anchor.data.amount, ...optional('decisionRef', anchor.data.decisionRef) } };
    case 'FundsReported': {
      const { year, charterCapital, mobilisedCapital, indivisibleFund } = anchor.data;
      return { type: 'ReportFunds', on, data: { organisationId, year, charterCapital, mobilisedCapital, indivisibleFund } };
    }
    case 'EnterpriseEstablished':
      return { type: 'EstablishEnterprise', on, data: { organisationId, enterpriseCode: anchor.data.enterpriseCode, ownershipShare: anchor.data.ownershipShare } };
    case 'UnionJoined':
      return { type: 'JoinUnion', on, data: { organisationId, unionId: anchor.data.unionId } };
    case 'UnionLeft':
      return { type: 'LeaveUnion', on, data: { organisationId, unionId: anchor.data.unionId } };
    case 'RegistrationUpdateSubmitted':
      return { type: 'SubmitRegistrationUpdate', on, data: { organisationId, windowYear: anchor.data.windowYear } };
    case 'InspectionRecorded': {
      const { inspectionId, authority, findings } = anchor.data;
      return { type: 'RecordInspection', on, data: { organisationId, inspectionId, authority, findings } };
    }
    case 'SanctionImposed':
      return { type: 'ImposeSanction', on, data: { organisationId, decisionRef: anchor.data.decisionRef, violation: anchor.data.violation } };
    case 'LegacyConversionAssessed':
      return { type: 'AssessLegacyConversion', on, data: { organisationId, status: anchor.data.status, registeredUnderLaw: anchor.data.registeredUnderLaw } };
    case 'DissolutionStarted':
      return { type: 'StartDissolution', on, data: { organisationId, mode: anchor.data.mode, ...optional('decisionRef', anchor.data.decisionRef) } };
    case 'DissolutionCompleted':
      return { type: 'CompleteDissolution', on, data: { organisationId } };
  }
};

const foundingOf = (organisationId: string, upcoming: (stream: string) => OrgEvent[]) => {
  const first = upcoming(organisationStream(organisationId))[0];
  return first?.type === 'OrganisationFounded' ? first : undefined;
};

const convertCommand = (groupId: string, cooperativeId: string, on: string, upcoming: (stream: string) => OrgEvent[]): OrganisationCommand | string => {
  const founding = foundingOf(cooperativeId, upcoming);
  if (!founding) return `a conversion of ${groupId} into ${cooperativeId} with no founding of ${cooperativeId} recorded with it`;
  return { type: 'ConvertGroup', on, data: { organisationId: groupId, cooperativeId, name: founding.data.name, registrationCode: founding.data.registrationCode } };
};

const reorganiseCommand = (decision: OrgEvent, upcoming: (stream: string) => OrgEvent[]): ReorganiseOrganisations | string => {
  if (decision.type !== 'OrganisationReorganised') return 'not a reorganisation';
  const { reorganisationId, shape, sourceIds, successorIds } = decision.data;
  const newSuccessors = [];
  if (shape !== 'merger')
    for (const id of successorIds) {
      const founding = foundingOf(id, upcoming);
      if (!founding) return `reorganisation ${reorganisationId} names successor ${id}, whose founding is not recorded with it`;
      const memberIds = upcoming(organisationStream(id))
        .filter((event) => event.type === 'MemberAdmitted' && event.data.origin === 'reorganisation' && event.occurredOn === decision.occurredOn)
        .map((event) => (event.type === 'MemberAdmitted' ? event.data.memberId : ''));
      const { name, registrationCode, headOfficeUnit } = founding.data;
      newSuccessors.push({ organisationId: id, name, registrationCode, headOfficeUnit, memberIds });
    }
  return {
    type: 'ReorganiseOrganisations',
    on: decision.occurredOn,
    data: {
      organisationId: sourceIds[0] as string,
      reorganisationId,
      shape,
      sourceIds,
      newSuccessors,
      ...(shape === 'merger' ? { absorbingId: successorIds[0] as string } : {}),
    },
  };
};
