import {
  ADMINISTRATIVE_UNITS_STREAM,
  CIRCULAR_01_2020,
  CIRCULAR_09_2017,
  GENESIS_HASH,
  decideOrganisations,
  evolve,
  initialState,
  involvedOrganisations,
  isDomainError,
  organisationStream,
  toRecordedEvent,
  type AdministrativeUnitsReorganised,
  type HoptacEvent,
  type MemberSpec,
  type Organisation,
  type OrganisationCommand,
  type OrganisationEvent,
  type OrganisationKind,
  type RecordedEvent,
} from '@hoptac/core';
import * as fc from 'fast-check';
import type { OraclePlan } from './oracle';

// Whole histories of a territory, built by driving the deciders: a fast-check array of small "intents" (found,
// admit, rate, …) is read in order against the organisations' current states; each intent becomes a command,
// the deciders decide it, and a rejected command simply adds nothing. So every history obeys the rules, and a
// failing case shrinks by dropping intents and shrinking their numbers.

/** A territory to generate histories in: units inside and outside it, and an optional dated reorganisation of units. */
export interface HistoryTerritory {
  /** unit codes of the territory before any reorganisation */
  units: readonly string[];
  /** unit codes outside the territory, so some organisations are outside or move in and out */
  outsideUnits: readonly string[];
  /** a reorganisation of units (e.g. on 2025-07-01): merged units after it are the `merges[].unit.code`s */
  reorganisation?: AdministrativeUnitsReorganised;
  /** the tenant stamped on every event's metadata */
  tenant?: string;
}

/** A small made-up territory: four communes merging into two on 2025-07-01, the district abolished, two units outside. */
export const sampleTerritory: HistoryTerritory = {
  units: ['T-A', 'T-B', 'T-C', 'T-D'],
  outsideUnits: ['OUT-X', 'OUT-Y'],
  reorganisation: {
    type: 'AdministrativeUnitsReorganised',
    occurredOn: '2025-07-01',
    data: {
      reorganisationId: 'units-2025-07-01',
      decisionRef: 'sample resolution on commune-level units, 2025',
      merges: [
        { unit: { code: 'T-AB', name: 'Xã A-B', level: 'commune' }, from: ['T-A', 'T-B'] },
        { unit: { code: 'T-CD', name: 'Xã C-D', level: 'commune' }, from: ['T-C', 'T-D'] },
        { unit: { code: 'OUT-XY', name: 'Xã X-Y', level: 'commune' }, from: ['OUT-X', 'OUT-Y'] },
      ],
      abolished: ['T-DISTRICT'],
    },
  },
  tenant: 'sample-territory',
};

/** The oracle's plan for a generated territory: its units at baseline (before any reorganisation). */
export const oraclePlanFor = (territory: HistoryTerritory, baselineDate = '2023-07-17', extra: Partial<OraclePlan> = {}): OraclePlan => ({
  ...extra,
  territoryUnits: [...territory.units],
  baselineDate,
});

/** What an intent asks for; each becomes one or a few commands. */
export type IntentKind =
  | 'found'
  | 'admit'
  | 'depart'
  | 'member-kind'
  | 'capital'
  | 'suspend'
  | 'resume'
  | 'status'
  | 'rate'
  | 'link'
  | 'unlink'
  | 'high-tech'
  | 'lapse'
  | 'digital'
  | 'debt'
  | 'settle-debt'
  | 'sanction'
  | 'misc'
  | 'move'
  | 'convert'
  | 'reorganise'
  | 'dissolve'
  | 'complete-dissolution';

/** One step of a generated history; every field is a small number, so it shrinks well. */
export interface Intent {
  kind: IntentKind;
  /** how far the business calendar moves before this intent: 0–100, as a share of twice the average gap */
  step: number;
  /** which organisation (modulo the candidates) */
  target: number;
  /** which member, linkage, debt or unit (modulo the candidates) */
  pick: number;
  /** which variant: organisation kind, member kind, result… */
  variant: number;
  /** a size: score, amount, member count… */
  amount: number;
  /** recorded late: the business date lies `lag` days before the record date */
  late: boolean;
  lag: number;
  /** a rating intent re-rates a year already rated (a correction) */
  correct: boolean;
}

/** Relative weights of the intent kinds. */
export type IntentMix = Partial<Record<IntentKind, number>>;

/** The default mix: mostly members, ratings and the facts the indicators read, with some of everything. */
export const DEFAULT_MIX: Readonly<Record<IntentKind, number>> = {
  found: 8,
  admit: 10,
  depart: 4,
  'member-kind': 1,
  capital: 1,
  suspend: 2,
  resume: 3,
  status: 1,
  rate: 10,
  link: 4,
  unlink: 2,
  'high-tech': 3,
  lapse: 1,
  digital: 4,
  debt: 2,
  'settle-debt': 2,
  sanction: 1,
  misc: 2,
  move: 2,
  convert: 3,
  reorganise: 2,
  dissolve: 1,
  'complete-dissolution': 1,
};

/** Options of `validHistory`. */
export interface HistoryOptions {
  /** most organisations founded; default 6 */
  organisations?: number;
  /** most intents (steps); default 12 per organisation */
  intents?: number;
  /** fewest intents besides the first foundings; default 0 */
  minIntents?: number;
  /** first and last calendar year of business dates; default 2021–2031 */
  yearsFrom?: number;
  yearsTo?: number;
  /** relative weights of intent kinds, over DEFAULT_MIX */
  mix?: IntentMix;
  /** share of intents recorded late (0–1); default 0.15 */
  lateRecordShare?: number;
  /** share of rating intents that correct an earlier rating (0–1); default 0.2 */
  correctionShare?: number;
  territory?: HistoryTerritory;
  /** fast-check size of the intents array (how long histories tend to be); default fast-check's */
  size?: fc.SizeForArbitrary;
}

const DAY = 86_400_000;
const dayIndex = (date: string): number => Math.round(Date.parse(`${date}T00:00:00Z`) / DAY);
const dateOf = (index: number): string => new Date(index * DAY).toISOString().slice(0, 10);
const addDays = (date: string, days: number): string => dateOf(dayIndex(date) + days);

/** A share 0–1 as a flag that shrinks towards false. */
const flag = (share: number): fc.Arbitrary<boolean> => fc.integer({ min: 0, max: 999 }).map((n) => n >= 1000 - Math.round(share * 1000));

/** The arbitrary of intents behind `validHistory`, for hosts that want to keep or print them. */
export const historyIntents = (options: HistoryOptions = {}): fc.Arbitrary<Intent[]> => {
  const organisations = options.organisations ?? 6;
  const count = options.intents ?? organisations * 12;
  const weights = { ...DEFAULT_MIX, ...options.mix };
  const kinds = (Object.keys(weights) as IntentKind[]).filter((k) => (weights[k] ?? 0) > 0);
  const intent = fc.record({
    kind: fc.oneof(...kinds.map((k) => ({ arbitrary: fc.constant(k), weight: weights[k] as number }))),
    // unbiased: fast-check's bias towards small numbers would put whole histories on their first day
    step: fc.noBias(fc.nat({ max: 100 })),
    target: fc.noBias(fc.nat({ max: 50 })),
    pick: fc.noBias(fc.nat({ max: 50 })),
    variant: fc.noBias(fc.nat({ max: 99 })),
    amount: fc.noBias(fc.nat({ max: 100 })),
    late: flag(options.lateRecordShare ?? 0.15),
    lag: fc.integer({ min: 31, max: 500 }),
    correct: flag(options.correctionShare ?? 0.2),
  });
  // a few foundings first, so a shrunk history still has organisations for its other intents to touch
  return fc.tuple(
    fc.array(intent, { minLength: 1, maxLength: Math.min(organisations, 3) }),
    fc.array(intent, { minLength: Math.min(options.minIntents ?? 0, count), maxLength: count, ...(options.size !== undefined && { size: options.size }) }),
  ).map(
    ([first, rest]) => [...first.map((i): Intent => ({ ...i, kind: 'found' })), ...rest],
  );
};

/** One organisation as the generator tracks it: the decider's state and its stream. */
interface Tracked {
  id: string;
  state: Organisation;
}

const CAPITAL = 10_000_000;

/**
 * Builds the history of a list of intents: commands decided by the deciders, rejected ones dropped, events
 * recorded in order with chained hashes. Deterministic: the same intents always give the same history.
 */
export const historyFromIntents = (intents: readonly Intent[], options: HistoryOptions = {}): RecordedEvent[] =>
  buildHistory(intents, options).events;

/** What was written, in order: an accepted command or the units reorganisation, with its record time. */
export type HistoryStep =
  | { kind: 'command'; command: OrganisationCommand; recordedAt: string }
  | { kind: 'territory'; event: AdministrativeUnitsReorganised; recordedAt: string };

/** A generated history with the steps that wrote it, so a test can replay the commands through a CommandHandler. */
export interface BuiltHistory {
  events: RecordedEvent[];
  steps: HistoryStep[];
  /** the metadata stamped on every event */
  metadata: { tenant: string; source: string };
  /** commands the deciders rejected (and the history dropped), with the rejection code */
  rejected: Array<{ type: string; code: string }>;
}

/** Like `historyFromIntents`, also returning the accepted commands in the order they were recorded. */
export const buildHistory = (intents: readonly Intent[], options: HistoryOptions = {}): BuiltHistory => {
  const territory = options.territory ?? sampleTerritory;
  const maxOrganisations = options.organisations ?? 6;
  const lastDay = `${options.yearsTo ?? 2031}-12-31`;
  const firstDay = `${options.yearsFrom ?? 2021}-01-01`;
  const reorganisation = territory.reorganisation;
  const tenant = territory.tenant ?? 'sample-territory';

  const tracked = new Map<string, Tracked>();
  const order: string[] = [];
  const recorded: RecordedEvent[] = [];
  const steps: HistoryStep[] = [];
  const rejected: BuiltHistory['rejected'] = [];
  const metadata = { tenant, source: 'generator' };
  const streamVersions = new Map<string, number>();
  let previousHash = GENESIS_HASH;
  let cursor = firstDay;
  let lastRecordedAt = '';
  let clockTick = 0;
  let founded = 0;
  let memberCounter = 0;
  let idCounter = 0;
  let unitsReorganised = false;

  const recordedAtFor = (date: string): string => {
    // a record time on the cursor's day, strictly after the previous one
    let candidate = `${date}T08:00:00.000Z`;
    const base = Date.parse(candidate);
    clockTick = lastRecordedAt.slice(0, 10) === date ? clockTick + 1 : 0;
    candidate = new Date(base + clockTick * 1000).toISOString();
    if (candidate <= lastRecordedAt) candidate = new Date(Date.parse(lastRecordedAt) + 1000).toISOString();
    lastRecordedAt = candidate;
    return candidate;
  };

  const write = (stream: string, events: readonly HoptacEvent[], recordedAt: string): void => {
    for (const event of events) {
      const version = (streamVersions.get(stream) ?? 0) + 1;
      streamVersions.set(stream, version);
      const stored = toRecordedEvent(
        { ...event, eventId: `ev-${String(recorded.length + 1).padStart(6, '0')}`, recordedAt, metadata },
        stream,
        version,
        recorded.length + 1,
        previousHash,
      );
      previousHash = stored.hash;
      recorded.push(stored);
    }
  };

  /** Decides a command; on success records its events (one atomic batch) and evolves the states. */
  const run = (command: OrganisationCommand): boolean => {
    const ids = involvedOrganisations(command);
    const states = new Map(ids.map((id) => [id, tracked.get(id)?.state ?? initialState()]));
    let decided: Map<string, OrganisationEvent[]>;
    try {
      decided = decideOrganisations(command, states);
    } catch (error) {
      if (isDomainError(error)) {
        rejected.push({ type: command.type, code: error.rejection.code });
        return false;
      }
      throw error;
    }
    const recordedAt = recordedAtFor(cursor);
    steps.push({ kind: 'command', command, recordedAt });
    for (const [id, events] of decided) {
      if (events.length === 0) continue;
      let entry = tracked.get(id);
      if (!entry) {
        entry = { id, state: initialState() };
        tracked.set(id, entry);
        order.push(id);
      }
      for (const event of events) entry.state = evolve(entry.state, event);
      write(organisationStream(id), events, recordedAt);
    }
    return true;
  };

  const foundedStates = (): Array<Extract<Organisation, { id: string }>> =>
    order.map((id) => tracked.get(id)?.state).filter((state): state is Extract<Organisation, { id: string }> => state !== undefined && state.status !== 'unfounded');
  const live = () => foundedStates().filter((state) => state.status !== 'ceased');
  const choose = <T>(items: readonly T[], index: number): T | undefined => (items.length === 0 ? undefined : items[index % items.length]);

  /** Units that exist on `date`: before the reorganisation the old codes, after it the merged ones. */
  const unitsOn = (date: string, inside: boolean): string[] => {
    const base = inside ? territory.units : territory.outsideUnits;
    if (!reorganisation || date < reorganisation.occurredOn) return [...base];
    const merged = reorganisation.data.merges.filter((merge) => merge.from.some((code) => base.includes(code))).map((merge) => merge.unit.code);
    const kept = base.filter((code) => !reorganisation.data.merges.some((merge) => merge.from.includes(code)));
    return [...kept, ...merged];
  };
  const unitFor = (date: string, pick: number): string => {
    const inside = pick % 5 !== 0;
    return choose(unitsOn(date, inside), Math.floor(pick / 5)) ?? (territory.units[0] as string);
  };

  const newMember = (kind: OrganisationKind, variant: number): MemberSpec => {
    memberCounter++;
    const memberId = `m-${String(memberCounter).padStart(4, '0')}`;
    if (kind === 'cooperative-union')
      return variant % 4 === 0
        ? { memberId, memberKind: 'associate-non-contributing', partyType: 'legal-entity', capitalCommitted: 0 }
        : { memberId, memberKind: 'official', partyType: 'cooperative', capitalCommitted: CAPITAL };
    const bucket = variant % 10;
    if (bucket === 0) return { memberId, memberKind: 'associate-non-contributing', partyType: 'individual', capitalCommitted: 0 };
    if (bucket === 1) return { memberId, memberKind: 'associate-contributing', partyType: 'legal-entity', capitalCommitted: CAPITAL / 10 };
    return { memberId, memberKind: 'official', partyType: bucket < 7 ? 'individual' : 'household', capitalCommitted: CAPITAL };
  };

  const nextId = (prefix: string): string => `${prefix}-${String(++idCounter).padStart(4, '0')}`;

  const schemeOf = (organisationId: string, variant: number): string =>
    (variant % 10 === 0) !== (Number(organisationId.slice(-1)) % 3 === 0) ? CIRCULAR_09_2017 : CIRCULAR_01_2020;

  const levelFor = (score: number): 'good' | 'fair' | 'average' | 'weak' =>
    score >= 80 ? 'good' : score >= 65 ? 'fair' : score >= 50 ? 'average' : 'weak';

  // whatever the number of intents, together they span the years asked for
  const gap = (2 * (dayIndex(lastDay) - dayIndex(firstDay))) / Math.max(intents.length, 1);
  for (const intent of intents) {
    const next = addDays(cursor, Math.round((intent.step / 100) * gap));
    if (next > lastDay) break;
    // the units reorganisation lands when the calendar passes it, recorded a little after
    if (reorganisation && !unitsReorganised && next >= reorganisation.occurredOn) {
      unitsReorganised = true;
      const on = next > addDays(reorganisation.occurredOn, 14) ? next : addDays(reorganisation.occurredOn, 14);
      cursor = on;
      const recordedAt = recordedAtFor(on);
      steps.push({ kind: 'territory', event: reorganisation, recordedAt });
      write(ADMINISTRATIVE_UNITS_STREAM, [reorganisation], recordedAt);
    }
    if (next > cursor) cursor = next;
    const today = cursor;
    // a late intent's business date lies `lag` days before the day it is recorded
    const lateKinds: readonly IntentKind[] = ['found', 'admit', 'rate', 'link', 'high-tech', 'digital', 'debt', 'sanction'];
    const on = intent.late && lateKinds.includes(intent.kind) ? maxDate(addDays(today, -intent.lag), firstDay) : today;
    const target = choose(live(), intent.target);
    const cmd = <Type extends OrganisationCommand['type']>(type: Type, organisationId: string, data: Record<string, unknown>) =>
      ({ type, on, data: { organisationId, ...data } }) as unknown as Extract<OrganisationCommand, { type: Type }>;

    switch (intent.kind) {
      case 'found': {
        if (founded >= maxOrganisations) break;
        const kinds: OrganisationKind[] = ['cooperative', 'cooperative', 'cooperative', 'cooperative-group', 'cooperative-group', 'peoples-credit-fund', 'cooperative-union'];
        const kind = kinds[intent.variant % kinds.length] as OrganisationKind;
        const minimum = kind === 'cooperative-group' ? 2 : kind === 'cooperative-union' ? 3 : 5;
        const id = `org-${String(founded + 1).padStart(3, '0')}`;
        const cooperatives = foundedStates().filter((state) => state.kind === 'cooperative').map((state) => state.id);
        const members: MemberSpec[] = Array.from({ length: minimum + (intent.amount % (kind === 'cooperative-group' ? 6 : 4)) }, (_, i) => {
          const member = newMember(kind, i < minimum ? 5 : intent.variant + i);
          // a union's official members are cooperatives: use real ones when there are
          return kind === 'cooperative-union' && member.partyType === 'cooperative' && cooperatives[i] !== undefined
            ? { ...member, memberId: cooperatives[i] as string }
            : member;
        });
        const ok = run(
          cmd('FoundOrganisation', id, {
            kind,
            name: `${kind} ${id}`,
            registrationCode: `REG-${id}`,
            headOfficeUnit: unitFor(on, intent.pick),
            foundingMembers: members,
          }),
        );
        if (ok) founded++;
        break;
      }
      case 'admit':
        if (target) run(cmd('AdmitMember', target.id, { member: newMember(target.kind, intent.variant) }));
        break;
      case 'depart': {
        const memberId = target && choose(Object.keys(target.members), intent.pick);
        const reasons = ['voluntary', 'death', 'incapacity', 'expelled', 'inactivity', 'capital-default', 'fee-non-payment'];
        if (target && memberId) run(cmd('RecordDeparture', target.id, { memberId, reason: reasons[intent.variant % reasons.length] }));
        break;
      }
      case 'member-kind': {
        const memberId = target && choose(Object.keys(target.members), intent.pick);
        const kinds = ['official', 'associate-contributing', 'associate-non-contributing'];
        if (target && memberId) run(cmd('ChangeMemberKind', target.id, { memberId, to: kinds[intent.variant % 3] }));
        break;
      }
      case 'capital': {
        const memberId = target && choose(Object.keys(target.members), intent.pick);
        const amount = 1 + intent.amount * 10_000;
        if (target && memberId) run(cmd(intent.variant % 2 === 0 ? 'ContributeCapital' : 'ReturnCapital', target.id, { memberId, amount }));
        break;
      }
      case 'suspend':
        if (target)
          run(cmd('SuspendOperations', target.id, intent.variant % 2 === 0 ? { until: addDays(on, 30 + intent.amount * 3) } : { reason: 'seasonal' }));
        break;
      case 'resume': {
        const suspended = choose(live().filter((state) => state.status === 'suspended'), intent.target);
        if (suspended) run(cmd('ResumeOperations', suspended.id, {}));
        break;
      }
      case 'status': {
        const statuses = ['not-at-registered-address', 'certificate-revoked', 'active'];
        if (target) run(cmd('ChangeLegalStatus', target.id, { to: statuses[intent.variant % statuses.length] }));
        break;
      }
      case 'rate': {
        // a correction re-rates one organisation's earlier year; otherwise a rating round rates every organisation
        const rated = intent.correct ? choose(foundedStates().filter((state) => Object.keys(state.ratings).length > 0), intent.target) : undefined;
        const earlier = rated ? choose(Object.values(rated.ratings), intent.pick) : undefined;
        const round = rated ? [rated] : live().filter((state) => state.kind === 'cooperative' || state.kind === 'cooperative-union');
        round.forEach((organisation, index) => {
          // a rating made in the first half of a year is for the year before
          const year = earlier?.year ?? Number(on.slice(0, 4)) - (on.slice(5) <= '06-30' ? 1 : 0);
          const scheme = earlier?.scheme ?? schemeOf(organisation.id, intent.variant);
          const score = ((intent.amount + index * 13) * 37) % 101;
          const sanctioned = organisation.sanctionDates.some((date) => date.startsWith(`${year}-`));
          const level = scheme === CIRCULAR_09_2017 && sanctioned ? 'weak' : levelFor(score);
          run(cmd('RateOrganisation', organisation.id, { year, scheme, level, score }));
        });
        break;
      }
      case 'link': {
        const stageSets = [['production', 'consumption'], ['inputs', 'production', 'consumption'], ['processing', 'consumption'], ['inputs', 'production', 'processing', 'consumption']];
        const counterparties = ['enterprise', 'state-owned-enterprise', 'cooperative', 'farmers'];
        if (target)
          run(
            cmd('StartLinkage', target.id, {
              linkageId: nextId('link'),
              contractReference: `HĐ ${idCounter}`,
              counterpartyKind: counterparties[intent.variant % counterparties.length],
              stages: stageSets[intent.pick % stageSets.length],
              ...(intent.variant % 3 === 0 ? { endsOn: addDays(on, 90 + intent.amount * 7) } : {}),
            }),
          );
        break;
      }
      case 'unlink': {
        const linkageId = target && choose(Object.keys(target.linkages).filter((id) => !target.linkages[id]?.ended), intent.pick);
        if (target && linkageId) run(cmd('EndLinkage', target.id, { linkageId }));
        break;
      }
      case 'high-tech': {
        const bases = ['high-tech-zone', 'high-tech-agricultural-area', 'decision-738-criteria', 'local-rule'];
        if (target)
          run(
            cmd('GrantHighTechRecognition', target.id, {
              recognitionId: nextId('rec'),
              basis: bases[intent.variant % bases.length],
              issuer: 'provincial department',
              ...(intent.variant % 2 === 0 ? { validUntil: addDays(on, 180 + intent.amount * 10) } : {}),
            }),
          );
        break;
      }
      case 'lapse': {
        const recognitionId = target && choose(Object.keys(target.recognitions).filter((id) => !target.recognitions[id]?.lapsed), intent.pick);
        if (target && recognitionId) run(cmd('LapseHighTechRecognition', target.id, { recognitionId }));
        break;
      }
      case 'digital':
        if (target)
          run(
            cmd('RecordDigitalAssessment', target.id, {
              checklistVersion: 'checklist-2025.1',
              result: intent.variant % 3 === 0 ? 'does-not-meet' : 'meets',
              ...(intent.variant % 2 === 0 ? { criteriaMet: ['e-invoicing', 'national-system-account'] } : {}),
            }),
          );
        break;
      case 'debt': {
        const creditors = ['state', 'bank', 'other-organisation', 'member'];
        if (target)
          run(
            cmd('RecogniseDebt', target.id, {
              debtId: nextId('debt'),
              creditorType: creditors[intent.variant % 4],
              amount: 1_000_000 * (1 + intent.amount),
              originDate: addDays(on, -400 - intent.pick * 30),
              dueDate: addDays(on, -30 - intent.pick * 20),
            }),
          );
        break;
      }
      case 'settle-debt': {
        const debts = target ? Object.entries(target.debts).filter(([, debt]) => debt.amount - debt.paid - debt.writtenOff > 0) : [];
        const chosen = choose(debts, intent.pick);
        if (target && chosen) {
          const [debtId, debt] = chosen;
          const outstanding = debt.amount - debt.paid - debt.writtenOff;
          const amount = intent.amount % 2 === 0 ? outstanding : Math.max(1, Math.floor(outstanding / 2));
          run(cmd(intent.variant % 4 === 0 ? 'WriteOffDebt' : 'PayDebt', target.id, { debtId, amount }));
        }
        break;
      }
      case 'sanction':
        if (target) run(cmd('ImposeSanction', target.id, { decisionRef: nextId('qd'), violation: 'late annual report' }));
        break;
      case 'misc': {
        if (!target) break;
        const year = Number(on.slice(0, 4));
        const unions = live().filter((state) => state.kind === 'cooperative-union');
        const union = choose(unions, intent.pick);
        const options: Array<() => OrganisationCommand> = [
          () => cmd('ReportFunds', target.id, { year, charterCapital: CAPITAL * 5, mobilisedCapital: intent.amount * 1000, indivisibleFund: 0 }),
          () => cmd('SubmitRegistrationUpdate', target.id, { windowYear: year }),
          () => cmd('RecordInspection', target.id, { inspectionId: nextId('insp'), authority: 'commune committee', findings: ['books in order'] }),
          () => cmd('EstablishEnterprise', target.id, { enterpriseCode: nextId('ent'), ownershipShare: 0.51 }),
          () => cmd('AssessLegacyConversion', target.id, { status: 'not-converted', registeredUnderLaw: '2012' }),
          () => cmd('ChangeRegistrationDetails', target.id, { name: `renamed ${nextId('name')}` }),
          () => (union ? cmd('JoinUnion', target.id, { unionId: union.id }) : cmd('SubmitRegistrationUpdate', target.id, { windowYear: year })),
          () => (target.unions[0] ? cmd('LeaveUnion', target.id, { unionId: target.unions[0] }) : cmd('ReportFunds', target.id, { year, charterCapital: 0, mobilisedCapital: 0, indivisibleFund: 0 })),
        ];
        run((options[intent.variant % options.length] as () => OrganisationCommand)());
        break;
      }
      case 'move':
        if (target) run(cmd('MoveHeadOffice', target.id, { toUnit: unitFor(on, intent.pick + 1) }));
        break;
      case 'convert': {
        const group = choose(live().filter((state) => state.kind === 'cooperative-group'), intent.target);
        if (!group || founded >= maxOrganisations) break;
        const id = `org-${String(founded + 1).padStart(3, '0')}`;
        if (run(cmd('ConvertGroup', group.id, { cooperativeId: id, name: `cooperative ${id}`, registrationCode: `REG-${id}` }))) founded++;
        break;
      }
      case 'reorganise': {
        if (!target) break;
        const shapes = ['division', 'separation', 'consolidation', 'merger'] as const;
        const shape = shapes[intent.variant % 4] as (typeof shapes)[number];
        const partners = live().filter((state) => state.kind === target.kind && state.id !== target.id);
        const partner = choose(partners, intent.pick);
        const successors = shape === 'division' ? 2 : shape === 'merger' ? 0 : 1;
        if (founded + successors > maxOrganisations) break;
        const sources = shape === 'consolidation' || shape === 'merger' ? (partner ? [target, ...(shape === 'consolidation' ? [partner] : [])] : []) : [target];
        if (sources.length === 0) break;
        const memberIds = sources.flatMap((source) => Object.keys(source.members));
        const moving = shape === 'separation' ? memberIds.filter((_, i) => i % 2 === 1) : memberIds;
        const newSuccessors = Array.from({ length: successors }, (_, s) => {
          const id = `org-${String(founded + 1 + s).padStart(3, '0')}`;
          return {
            organisationId: id,
            name: `successor ${id}`,
            registrationCode: `REG-${id}`,
            headOfficeUnit: unitFor(on, intent.pick + s),
            memberIds: moving.filter((_, i) => i % successors === s),
          };
        });
        const ok = run(
          cmd('ReorganiseOrganisations', target.id, {
            reorganisationId: nextId('reorg'),
            shape,
            sourceIds: sources.map((source) => source.id),
            newSuccessors,
            ...(shape === 'merger' && partner ? { absorbingId: partner.id } : {}),
          }),
        );
        if (ok) founded += successors;
        break;
      }
      case 'dissolve': {
        const modes = ['voluntary', 'compulsory', 'bankruptcy'];
        if (target) run(cmd('StartDissolution', target.id, { mode: modes[intent.variant % 3] }));
        break;
      }
      case 'complete-dissolution': {
        const dissolving = choose(live().filter((state) => state.dissolution !== undefined), intent.target);
        if (!dissolving) break;
        // settle what is owed first: a dissolution completes only with its debts settled
        for (const [debtId, debt] of Object.entries(dissolving.debts)) {
          const outstanding = debt.amount - debt.paid - debt.writtenOff;
          if (outstanding > 0) run(cmd(intent.variant % 2 === 0 ? 'PayDebt' : 'WriteOffDebt', dissolving.id, { debtId, amount: outstanding }));
        }
        run(cmd('CompleteDissolution', dissolving.id, {}));
        break;
      }
    }
  }
  return { events: recorded, steps, metadata, rejected };
};

const maxDate = (a: string, b: string): string => (a > b ? a : b);

/**
 * Whole valid histories of a territory (recorded events in global order, record times non-decreasing, hashes
 * chained), built by driving the deciders. Seeded by fast-check, tunable by size and mix, and shrinkable.
 */
export const validHistory = (options: HistoryOptions = {}): fc.Arbitrary<RecordedEvent[]> =>
  historyIntents(options).map((intents) => historyFromIntents(intents, options));

/** Clocks worth asking a history at: asOf on an event's date, a year end or a day between; knownAt at a record time or later. */
export const anyClocks = (events: readonly RecordedEvent[]): fc.Arbitrary<{ asOf: string; knownAt: string }> => {
  const dates = [...new Set(events.map((event) => event.occurredOn))];
  const instants = [...new Set(events.map((event) => event.recordedAt))];
  const years = dates.map((date) => Number(date.slice(0, 4)));
  const first = Math.min(2021, ...years);
  const last = Math.max(first, ...years) + 1;
  // mostly late in the history and with everything known, where the indicators have the most to count
  const asOf = fc.oneof(
    { arbitrary: fc.integer({ min: Math.max(first, last - 6), max: last }).map((year) => `${year}-12-31`), weight: 3 },
    { arbitrary: dates.length > 0 ? fc.constantFrom(...dates) : fc.constant('2030-12-31'), weight: 2 },
    { arbitrary: fc.integer({ min: first, max: last }).map((year) => `${year}-12-15`), weight: 1 },
    { arbitrary: fc.integer({ min: dayIndex(`${first}-01-01`), max: dayIndex(`${last}-12-31`) }).map(dateOf), weight: 1 },
  );
  const knownAt = fc.oneof(
    { arbitrary: fc.constant('2100-01-01T00:00:00.000Z'), weight: 3 },
    { arbitrary: instants.length > 0 ? fc.constantFrom(...instants) : fc.constant('2030-12-31T00:00:00.000Z'), weight: 2 },
    {
      arbitrary: fc.integer({ min: Date.parse(`${first}-01-01T00:00:00Z`), max: Date.parse(`${last + 1}-12-31T00:00:00Z`) }).map((ms) => new Date(ms).toISOString()),
      weight: 1,
    },
  );
  return fc.record({ asOf, knownAt });
};
