import { AdmissionOrigin, DepartureReason, MemberKind, PartyType, RatingLevel } from '@hoptac/core';
import type {
  AdministrativeUnit,
  ChainStage,
  CounterpartyKind,
  CreditorType,
  FoundingOrigin,
  HighTechBasis,
  LegalStatus,
  OrganisationKind,
  RecordedEvent,
  ReorganisationShape,
} from '@hoptac/core';
import type { Projection } from './contract';
import { dateOfDay, dayNumber, instantMs } from './dates';
import { appendEmpty, appendText, appendTextAfter, newTextTable, textAfter, textAt, type TextTable } from './texts';

/**
 * Where a fact comes from: its event's index in the state's event log (which holds the event id, global position
 * and record time, see `EventLog`) and its business date.
 */
export interface Stamp {
  /** The index of the fact's event in `IndicatorsState.log`; record order. */
  at: number;
  occurredOn: string;
}

/** An organisation's founding as registered. */
export interface FoundingFact extends Stamp {
  kind: OrganisationKind;
  name: string;
  registrationCode: string;
  headOfficeUnit: string;
  origin: FoundingOrigin;
}
/** The head office is in `unit` from `occurredOn`. */
export interface HeadOfficeFact extends Stamp {
  unit: string;
}
/** The legal status is `status` from `occurredOn`; `cause` is the event type that set it. */
export interface StatusFact extends Stamp {
  status: LegalStatus;
  cause: string;
}
/** A rating or its correction; the latest in record order wins. Kept as a row of `IndicatorsState.ratings`; `ratingsOf` makes the facts. */
export interface RatingFact extends Stamp {
  year: number;
  scheme: string;
  level: RatingLevel;
  score: number;
  isCorrection: boolean;
}
/** A linkage contract as started. */
export interface LinkageFact extends Stamp {
  linkageId: string;
  counterpartyKind: CounterpartyKind;
  stages: readonly ChainStage[];
  startsOn: string;
  endsOn: string | undefined;
}
/** A recorded end of a linkage (its last day in force) or of a recognition (its last day valid). */
export interface EndFact extends Stamp {
  id: string;
  endsOn: string;
}
/** A high-technology recognition as granted. */
export interface RecognitionFact extends Stamp {
  recognitionId: string;
  basis: HighTechBasis;
  validFrom: string;
  validUntil: string | undefined;
}
/** A digital-transformation assessment, kept as a row of `IndicatorsState.digital` (see `digitalAssessmentsOf`). */
export interface DigitalFact extends Stamp {
  checklistVersion: string;
  result: 'meets' | 'does-not-meet';
}
/** A recognised debt. */
export interface DebtFact extends Stamp {
  debtId: string;
  creditorType: CreditorType;
  amount: number;
  originDate: string;
  dueDate: string;
}
/** A payment or write-off of a debt. */
export interface SettlementFact extends Stamp {
  debtId: string;
  amount: number;
  how: 'paid' | 'written-off';
}
/** An administrative sanction. */
export interface SanctionFact extends Stamp {
  decisionRef: string;
}
/** Joining or leaving a cooperative union. */
export interface UnionFact extends Stamp {
  unionId: string;
  joined: boolean;
}
/** A yearly registration update sent to the national system, kept as a row of `IndicatorsState.registrationUpdates`. */
export interface RegistrationUpdateFact extends Stamp {
  windowYear: number;
}
/** A legacy-conversion assessment. */
export interface LegacyFact extends Stamp {
  status: 'not-converted' | 'converted' | 'not-applicable';
  registeredUnderLaw: string;
}
/** One participant's view of a reorganisation decision, or a group's conversion (`shape: 'conversion'`). */
export interface ReorganisationFact extends Stamp {
  reorganisationId: string;
  shape: ReorganisationShape | 'conversion';
  role: 'source-ceases' | 'source-continues' | 'successor' | 'absorbing';
  sourceIds: readonly string[];
  successorIds: readonly string[];
}

/**
 * Everything known about one organisation, every fact with both clocks (through its log entry); arrays grow in
 * record order. Its memberships are not objects: they are a chain of entries through the event log (see `EventLog`).
 */
export interface OrganisationTimeline {
  id: string;
  /** Its index in `IndicatorsState.timelines`, and the number the log's `organisations` column holds for its events. */
  index: number;
  /** Counts the events applied to this organisation; derived indexes remember the revision they were built at. */
  revision: number;
  /** The latest record time of its facts: a view known at or after it sees every fact of this organisation. */
  maxRecordedMs: number;
  /** The log entries of its events, chained in record order by the log's `nextEvent`: the first and the last, -1 when none. Its memberships are the entries with a membership code. */
  firstEvent: number;
  lastEvent: number;
  /** The member id of its last membership event, which the log codes the next one against ('' when none). */
  lastMemberId: string;
  admissionCount: number;
  departureCount: number;
  memberKindChangeCount: number;
  /** Its ratings, digital assessments and registration updates: chains in record order through `IndicatorsState.ratings`, `.digital` and `.registrationUpdates` (first and last row, -1 when none). */
  firstRating: number;
  lastRating: number;
  firstDigital: number;
  lastDigital: number;
  firstRegistrationUpdate: number;
  lastRegistrationUpdate: number;
  foundings: FoundingFact[];
  /** Sorted by (occurredOn, record order), so the last one on or before a date is the office on that date. */
  headOffices: HeadOfficeFact[];
  /** Sorted by (occurredOn, record order). */
  statuses: StatusFact[];
  linkages: LinkageFact[];
  linkageEnds: EndFact[];
  recognitions: RecognitionFact[];
  recognitionEnds: EndFact[];
  debts: DebtFact[];
  settlements: SettlementFact[];
  sanctions: SanctionFact[];
  unions: UnionFact[];
  legacy: LegacyFact[];
  reorganisations: ReorganisationFact[];
}

/** A dated reorganisation of administrative units. */
export interface UnitReorganisationFact extends Stamp {
  reorganisationId: string;
  decisionRef: string;
  merges: ReadonlyArray<{ unit: AdministrativeUnit; from: readonly string[] }>;
  abolished: readonly string[];
}

/**
 * One chunk of the event log: the columns of `LOG_CHUNK` consecutive entries (the first chunk starts smaller and
 * grows). Days and record times are narrow (offsets from a base) until one does not fit; then the log widens them.
 */
export interface LogChunk {
  /** Business days: days after `EventLog.dayBase` (Int16) while the log's days are narrow, else days since 1970-01-01 (Int32, dayBase 0). */
  occurredDays: Int16Array | Int32Array;
  /** Record times while narrow: whole seconds after `EventLog.recordBase` and the milliseconds (empty once wide). */
  recordedSeconds: Int32Array;
  recordedMillis: Uint16Array;
  /** Record times in epoch milliseconds once wide (empty while narrow). */
  recordedMs: Float64Array;
  /** For membership events: what happened and its details (see `MemberCode`); 0 for any other event. */
  memberCodes: Uint8Array;
  /** The next event of the same organisation, -1 after its last (and for territory events). */
  nextEvent: Int32Array;
  /** Global positions, once `EventLog.keepsPositions`. */
  globalPositions: Float64Array | undefined;
}

/**
 * Every event seen, in record order, as columns in chunks of `LOG_CHUNK` entries (new chunks are added, none is
 * ever copied): both clocks and the event id of every fact, the basis and the data-quality checks over the whole
 * history, and the memberships, which are kept here only. Read an entry with `dayAt`, `recordedMsAt`, ...
 */
export interface EventLog {
  length: number;
  chunks: LogChunk[];
  /** Until `keepsPositions`, entry i has global position `firstPosition + i` (no gaps so far). */
  firstPosition: number;
  keepsPositions: boolean;
  /** The first entry's day; every day so far is within 32767 days of it while `narrowDays`. */
  dayBase: number;
  narrowDays: boolean;
  /** The first entry's record time in whole seconds (ms); every record time so far is within 2^31 s of it while `narrowRecords`. */
  recordBase: number;
  narrowRecords: boolean;
  eventIds: TextTable;
  /**
   * The member id of each membership event ('' for any other event), coded against the same organisation's
   * previous membership event: read them along the organisation's chain with `memberIdsOf`.
   */
  memberIds: TextTable;
}

/** Entries per chunk of the event log. */
export const LOG_CHUNK = 1 << 16;
const CHUNK_BITS = 16;
const CHUNK_MASK = LOG_CHUNK - 1;
const FIRST_CHUNK = 1024;

const newChunk = (size: number, log: EventLog): LogChunk => ({
  occurredDays: log.narrowDays ? new Int16Array(size) : new Int32Array(size),
  recordedSeconds: new Int32Array(log.narrowRecords ? size : 0),
  recordedMillis: new Uint16Array(log.narrowRecords ? size : 0),
  recordedMs: new Float64Array(log.narrowRecords ? 0 : size),
  memberCodes: new Uint8Array(size),
  nextEvent: new Int32Array(size),
  globalPositions: log.keepsPositions ? new Float64Array(size) : undefined,
});

const chunkOf = (log: EventLog, at: number): LogChunk => log.chunks[at >>> CHUNK_BITS] as LogChunk;

/** The business day (days since 1970-01-01) of log entry `at`. */
export const dayAt = (log: EventLog, at: number): number => log.dayBase + (chunkOf(log, at).occurredDays[at & CHUNK_MASK] as number);
/** The record time (epoch milliseconds) of log entry `at`. */
export const recordedMsAt = (log: EventLog, at: number): number => {
  const chunk = chunkOf(log, at);
  const slot = at & CHUNK_MASK;
  return log.narrowRecords
    ? log.recordBase + (chunk.recordedSeconds[slot] as number) * 1000 + (chunk.recordedMillis[slot] as number)
    : (chunk.recordedMs[slot] as number);
};
/** The membership code of log entry `at`, 0 when it is not a membership event. */
export const memberCodeAt = (log: EventLog, at: number): MemberCode => chunkOf(log, at).memberCodes[at & CHUNK_MASK] as number;
/** The next event of the same organisation after log entry `at`, -1 after its last. */
export const nextEventAt = (log: EventLog, at: number): number => chunkOf(log, at).nextEvent[at & CHUNK_MASK] as number;
/** The global position of log entry `at`. */
export const positionAt = (log: EventLog, at: number): number =>
  log.keepsPositions ? (chunkOf(log, at).globalPositions as Float64Array)[at & CHUNK_MASK] as number : log.firstPosition + at;

/**
 * Frequent small facts of one kind as columns in record order (a few bytes each instead of an object), each
 * organisation's chained by `next`; the first `length` rows are used, and a column a kind does not use is empty.
 */
export interface FactTable {
  length: number;
  /** The fact's log entry: its event id, clocks and position are there. */
  at: Int32Array;
  /** The organisation's next fact of this kind, -1 after its last. */
  next: Int32Array;
  values: Int32Array;
  amounts: Float64Array;
  /** An index into `IndicatorsState.texts`. */
  texts: Int32Array;
  codes: Uint8Array;
}

interface Columns {
  values: boolean;
  amounts: boolean;
  texts: boolean;
  codes: boolean;
}

const newFactTable = (uses: Columns, capacity = 64): FactTable => ({
  length: 0,
  at: new Int32Array(capacity),
  next: new Int32Array(capacity),
  values: new Int32Array(uses.values ? capacity : 0),
  amounts: new Float64Array(uses.amounts ? capacity : 0),
  texts: new Int32Array(uses.texts ? capacity : 0),
  codes: new Uint8Array(uses.codes ? capacity : 0),
});

const RATING_COLUMNS: Columns = { values: true, amounts: true, texts: true, codes: true };
const DIGITAL_COLUMNS: Columns = { values: false, amounts: false, texts: true, codes: true };
const REGISTRATION_COLUMNS: Columns = { values: true, amounts: false, texts: false, codes: false };

// a new row for log entry `at` after row `previous` of the organisation (-1: its first); returns the row
const addRow = (table: FactTable, at: number, previous: number): number => {
  const row = table.length;
  if (row === table.at.length) {
    // grows by half: these tables are small, and a tight fit matters more than a copy now and then
    const capacity = Math.ceil(row * 1.5);
    const uses = { values: table.values.length > 0, amounts: table.amounts.length > 0, texts: table.texts.length > 0, codes: table.codes.length > 0 };
    const grown = newFactTable(uses, capacity);
    grown.at.set(table.at);
    grown.next.set(table.next);
    grown.values.set(table.values);
    grown.amounts.set(table.amounts);
    grown.texts.set(table.texts);
    grown.codes.set(table.codes);
    table.at = grown.at;
    table.next = grown.next;
    table.values = grown.values;
    table.amounts = grown.amounts;
    table.texts = grown.texts;
    table.codes = grown.codes;
  }
  table.at[row] = at;
  table.next[row] = -1;
  if (previous !== -1) table.next[previous] = row;
  table.length = row + 1;
  return row;
};

/**
 * A membership event's code in the log: the low two bits say what happened (1 admitted, 2 departed, 3 member
 * kind changed); an admission keeps the member kind, origin and party type in bits 2-3, 4-5 and 6-7, a departure
 * its reason from bit 2, a kind change the new kind in bits 2-3 (each the index of the value in its zod enum).
 */
export type MemberCode = number;

/** The state of the indicators projection: per-organisation timelines, the unit reorganisations and the event log. */
export interface IndicatorsState {
  organisations: Map<string, OrganisationTimeline>;
  /** The same timelines by `index`. */
  timelines: OrganisationTimeline[];
  unitReorganisations: UnitReorganisationFact[];
  log: EventLog;
  /** Ratings and their corrections: `values` the year, `amounts` the score, `texts` the scheme, `codes` the level (+4 for a correction). */
  ratings: FactTable;
  /** Digital-transformation assessments: `texts` the checklist version, `codes` 1 when it meets the checklist. */
  digital: FactTable;
  /** Yearly registration updates: `values` the window year. */
  registrationUpdates: FactTable;
  /** One copy of each repeated string the facts hold (dates, units, codes, schemes): facts point to it, fact tables index it. */
  texts: string[];
  textIndexes: Map<string, number>;
  /** One copy of each list of chain stages the linkages hold. */
  stageLists: Map<string, readonly ChainStage[]>;
  lastPosition: number;
  /** Counts the events applied; derived indexes remember the revision they were built at. */
  revision: number;
  /** The latest record time of any event: a view known at or after it sees every event. */
  maxRecordedMs: number;
}

/** A fresh, empty state. */
export const initialIndicatorsState = (): IndicatorsState => ({
  organisations: new Map(),
  timelines: [],
  unitReorganisations: [],
  log: {
    length: 0,
    chunks: [],
    firstPosition: 0,
    keepsPositions: false,
    dayBase: 0,
    narrowDays: true,
    recordBase: 0,
    narrowRecords: true,
    eventIds: newTextTable(),
    memberIds: newTextTable(),
  },
  ratings: newFactTable(RATING_COLUMNS),
  digital: newFactTable(DIGITAL_COLUMNS),
  registrationUpdates: newFactTable(REGISTRATION_COLUMNS),
  texts: [],
  textIndexes: new Map(),
  stageLists: new Map(),
  lastPosition: 0,
  revision: 0,
  maxRecordedMs: Number.NEGATIVE_INFINITY,
});

// event ids read back, per table (entries never change): explain asks for the same foundings and statuses again
const ID_CACHE_SIZE = 100_000;
const idCaches = new WeakMap<TextTable, Map<number, string>>();

/** The event id of log entry `at`. */
export const eventIdAt = (log: EventLog, at: number): string => {
  let ids = idCaches.get(log.eventIds);
  if (ids === undefined) {
    ids = new Map();
    idCaches.set(log.eventIds, ids);
  }
  let id = ids.get(at);
  if (id === undefined) {
    id = textAt(log.eventIds, at);
    if (ids.size >= ID_CACHE_SIZE) ids.clear();
    ids.set(at, id);
  }
  return id;
};

/** The member ids of an organisation's membership events, in record order (its chain through the log). */
export const memberIdsOf = (log: EventLog, org: OrganisationTimeline): string[] => {
  const ids: string[] = [];
  let previous = '';
  for (let at = org.firstEvent; at !== -1; at = nextEventAt(log, at)) {
    if (memberCodeAt(log, at) === 0) continue;
    previous = textAfter(log.memberIds, at, previous);
    ids.push(previous);
  }
  return ids;
};

/** The business date (ISO) of log entry `at`. */
export const dateAt = (log: EventLog, at: number): string => dateOfDay(dayAt(log, at));

/** A rating of the state's table as a fact. */
export const ratingAt = (state: IndicatorsState, row: number): RatingFact => {
  const { ratings } = state;
  const at = ratings.at[row] as number;
  const code = ratings.codes[row] as number;
  return {
    at,
    occurredOn: dateAt(state.log, at),
    year: ratings.values[row] as number,
    scheme: state.texts[ratings.texts[row] as number] as string,
    level: RatingLevel.options[code & 3] as RatingLevel,
    score: ratings.amounts[row] as number,
    isCorrection: (code & CORRECTION) !== 0,
  };
};

/** An organisation's ratings and corrections, in record order. */
export const ratingsOf = (state: IndicatorsState, org: OrganisationTimeline): RatingFact[] => {
  const facts: RatingFact[] = [];
  for (let row = org.firstRating; row !== -1; row = state.ratings.next[row] as number) facts.push(ratingAt(state, row));
  return facts;
};

/** An organisation's digital-transformation assessments, in record order. */
export const digitalAssessmentsOf = (state: IndicatorsState, org: OrganisationTimeline): DigitalFact[] => {
  const { digital } = state;
  const facts: DigitalFact[] = [];
  for (let row = org.firstDigital; row !== -1; row = digital.next[row] as number) {
    const at = digital.at[row] as number;
    const checklistVersion = state.texts[digital.texts[row] as number] as string;
    facts.push({ at, occurredOn: dateAt(state.log, at), checklistVersion, result: digital.codes[row] === 1 ? 'meets' : 'does-not-meet' });
  }
  return facts;
};

/** An organisation's registration updates, in record order. */
export const registrationUpdatesOf = (state: IndicatorsState, org: OrganisationTimeline): RegistrationUpdateFact[] => {
  const { registrationUpdates: updates } = state;
  const facts: RegistrationUpdateFact[] = [];
  for (let row = org.firstRegistrationUpdate; row !== -1; row = updates.next[row] as number) {
    const at = updates.at[row] as number;
    facts.push({ at, occurredOn: dateAt(state.log, at), windowYear: updates.values[row] as number });
  }
  return facts;
};

/** What a membership code says happened. */
export const ADMITTED = 1;
/** A member left. */
export const DEPARTED = 2;
/** A member's kind changed. */
export const KIND_CHANGED = 3;

/** The member kind of an admission's or a kind change's code, as an index into `MemberKind.options`. */
export const memberKindCode = (code: MemberCode): number => (code >> 2) & 3;
/** The origin of an admission's code, as an index into `AdmissionOrigin.options`. */
export const admissionOriginCode = (code: MemberCode): number => (code >> 4) & 3;
/** The reason of a departure's code, as an index into `DepartureReason.options`. */
export const departureReasonCode = (code: MemberCode): number => code >> 2;

// a shared empty list until an organisation gets its first fact of a kind: most have none of most kinds
const NONE = Object.freeze([]) as unknown as never[];
const pushed = <Fact>(facts: Fact[], fact: Fact): Fact[] => withFact(facts, facts.length, fact);

// `facts` with `fact` at `index`: most lists stay short, and an array grown by push keeps room for 16 more, so a
// short one is copied at its new length instead
const withFact = <Fact>(facts: Fact[], index: number, fact: Fact): Fact[] => {
  switch (facts === NONE ? 0 : facts.length) {
    case 0:
      return [fact];
    case 1:
      return index === 0 ? [fact, facts[0] as Fact] : [facts[0] as Fact, fact];
    case 2:
      return index === 0 ? [fact, facts[0] as Fact, facts[1] as Fact] : index === 1 ? [facts[0] as Fact, fact, facts[1] as Fact] : [facts[0] as Fact, facts[1] as Fact, fact];
    default:
      if (index === facts.length) facts.push(fact);
      else facts.splice(index, 0, fact);
      return facts;
  }
};

const newTimeline = (id: string, index: number): OrganisationTimeline => ({
  id,
  index,
  revision: 0,
  maxRecordedMs: Number.NEGATIVE_INFINITY,
  firstEvent: -1,
  lastEvent: -1,
  lastMemberId: '',
  admissionCount: 0,
  departureCount: 0,
  memberKindChangeCount: 0,
  firstRating: -1,
  lastRating: -1,
  firstDigital: -1,
  lastDigital: -1,
  firstRegistrationUpdate: -1,
  lastRegistrationUpdate: -1,
  foundings: NONE,
  headOffices: NONE,
  statuses: NONE,
  linkages: NONE,
  linkageEnds: NONE,
  recognitions: NONE,
  recognitionEnds: NONE,
  debts: NONE,
  settlements: NONE,
  sanctions: NONE,
  unions: NONE,
  legacy: NONE,
  reorganisations: NONE,
});

// keeps (occurredOn, record order); arrays are short and facts come in record order, so scan from the end
const insertedByDate = <Fact extends Stamp>(facts: Fact[], fact: Fact): Fact[] => {
  let index = facts.length;
  while (index > 0 && (facts[index - 1] as Fact).occurredOn > fact.occurredOn) index--;
  return withFact(facts, index, fact);
};

const timelineOf = (state: IndicatorsState, id: string): OrganisationTimeline => {
  let timeline = state.organisations.get(id);
  if (timeline === undefined) {
    timeline = newTimeline(id, state.timelines.length);
    state.organisations.set(id, timeline);
    state.timelines.push(timeline);
  }
  return timeline;
};

// the chunk for entry `at`, added (or, the first one, grown) when the log reaches it
const chunkFor = (log: EventLog, at: number): LogChunk => {
  const index = at >>> CHUNK_BITS;
  let chunk = log.chunks[index];
  if (chunk === undefined) {
    chunk = newChunk(index === 0 ? FIRST_CHUNK : LOG_CHUNK, log);
    log.chunks.push(chunk);
  } else if ((at & CHUNK_MASK) === chunk.occurredDays.length) {
    const grown = newChunk(chunk.occurredDays.length * 2, log);
    grown.occurredDays.set(chunk.occurredDays);
    grown.recordedSeconds.set(chunk.recordedSeconds);
    grown.recordedMillis.set(chunk.recordedMillis);
    grown.recordedMs.set(chunk.recordedMs);
    grown.memberCodes.set(chunk.memberCodes);
    grown.nextEvent.set(chunk.nextEvent);
    if (grown.globalPositions !== undefined) grown.globalPositions.set(chunk.globalPositions as Float64Array);
    log.chunks[index] = chunk = grown;
  }
  return chunk;
};

// the first position out of the run firstPosition + i: from now on every position is kept
const keepPositions = (log: EventLog): void => {
  log.chunks.forEach((chunk, index) => {
    const positions = new Float64Array(chunk.occurredDays.length);
    for (let at = 0; at < positions.length; at++) positions[at] = log.firstPosition + index * LOG_CHUNK + at;
    chunk.globalPositions = positions;
  });
  log.keepsPositions = true;
};

// a day too far from the base for 16 bits: every day becomes a day since 1970-01-01 in 32 bits
const widenDays = (log: EventLog): void => {
  for (const chunk of log.chunks) {
    const days = new Int32Array(chunk.occurredDays.length);
    for (let slot = 0; slot < days.length; slot++) days[slot] = log.dayBase + (chunk.occurredDays[slot] as number);
    chunk.occurredDays = days;
  }
  log.dayBase = 0;
  log.narrowDays = false;
};

// a record time that does not fit seconds and milliseconds after the base: every record time becomes a double
const widenRecords = (log: EventLog): void => {
  for (const chunk of log.chunks) {
    const records = new Float64Array(chunk.occurredDays.length);
    for (let slot = 0; slot < records.length; slot++)
      records[slot] = log.recordBase + (chunk.recordedSeconds[slot] as number) * 1000 + (chunk.recordedMillis[slot] as number);
    chunk.recordedMs = records;
    chunk.recordedSeconds = new Int32Array(0);
    chunk.recordedMillis = new Uint16Array(0);
  }
  log.narrowRecords = false;
};

// business dates repeat from one event to the next, and short strings from JSON.parse are shared: compare first
let lastDate = '';
let lastDay = 0;
const dayOf = (date: string): number => {
  if (date !== lastDate) {
    lastDay = dayNumber(date);
    lastDate = date;
  }
  return lastDay;
};

const codeIn = (options: readonly string[], value: string, field: string): number => {
  for (let index = 0; index < options.length; index++) if (options[index] === value) return index;
  throw new RangeError(`unknown ${field}: ${JSON.stringify(value)}`);
};

const MEMBER_KINDS: readonly string[] = MemberKind.options;
const LEVELS: readonly string[] = RatingLevel.options;
/** Added to a rating's level code when it is a correction. */
export const CORRECTION = 4;
const ORIGINS: readonly string[] = AdmissionOrigin.options;
const PARTY_TYPES: readonly string[] = PartyType.options;
const REASONS: readonly string[] = DepartureReason.options;

// marks the code of an event that is not a membership event
const NOT_MEMBER = 256;

// a membership event's code, a rating's level code with NOT_MEMBER (0 for any other event); throws on a value outside
// its enum before anything is written
const codeOf = (event: RecordedEvent): number => {
  switch (event.type) {
    case 'MemberAdmitted': {
      const { memberKind, partyType, origin } = event.data;
      return (
        ADMITTED |
        (codeIn(MEMBER_KINDS, memberKind, 'memberKind') << 2) |
        (codeIn(ORIGINS, origin, 'origin') << 4) |
        (codeIn(PARTY_TYPES, partyType, 'partyType') << 6)
      );
    }
    case 'MemberDeparted':
      return DEPARTED | (codeIn(REASONS, event.data.reason, 'reason') << 2);
    case 'MemberKindChanged':
      return KIND_CHANGED | (codeIn(MEMBER_KINDS, event.data.to, 'memberKind') << 2);
    case 'RatingRecorded':
      return NOT_MEMBER | codeIn(LEVELS, event.data.level, 'level');
    case 'RatingCorrected':
      return NOT_MEMBER | codeIn(LEVELS, event.data.level, 'level') | CORRECTION;
    default:
      return 0;
  }
};

/** Adds one recorded event to the state, in place; the caller feeds events in global order. */
export const applyIndicatorEvent = (state: IndicatorsState, event: RecordedEvent): IndicatorsState => {
  // each fact is one flat object literal: no stamp object spread into it, no closure per event
  const { globalPosition } = event;
  const recordedMs = instantMs(event.recordedAt);
  const code = codeOf(event);
  const memberCode = code & NOT_MEMBER ? 0 : code;
  const { log } = state;
  const at = log.length;
  const chunk = chunkFor(log, at);
  const slot = at & CHUNK_MASK;
  if (!log.keepsPositions) {
    if (at === 0) log.firstPosition = globalPosition;
    else if (globalPosition !== log.firstPosition + at) keepPositions(log);
  }
  if (chunk.globalPositions !== undefined) chunk.globalPositions[slot] = globalPosition;
  const day = dayOf(event.occurredOn);
  if (log.narrowDays) {
    if (at === 0) log.dayBase = day;
    const offset = day - log.dayBase;
    if (!(offset >= -32768 && offset <= 32767)) widenDays(log);
  }
  chunk.occurredDays[slot] = day - log.dayBase;
  if (log.narrowRecords) {
    if (at === 0) log.recordBase = Math.floor(recordedMs / 1000) * 1000;
    const seconds = Math.floor((recordedMs - log.recordBase) / 1000);
    if (!(seconds >= -2147483648 && seconds <= 2147483647 && Number.isInteger(recordedMs))) widenRecords(log);
    else {
      chunk.recordedSeconds[slot] = seconds;
      chunk.recordedMillis[slot] = recordedMs - log.recordBase - seconds * 1000;
    }
  }
  if (!log.narrowRecords) chunk.recordedMs[slot] = recordedMs;
  chunk.memberCodes[slot] = memberCode;
  appendText(log.eventIds, event.eventId);
  log.length = at + 1;
  state.revision++;
  if (globalPosition > state.lastPosition) state.lastPosition = globalPosition;
  if (recordedMs > state.maxRecordedMs) state.maxRecordedMs = recordedMs;
  if (event.type === 'AdministrativeUnitsReorganised') {
    appendEmpty(log.memberIds);
    chunk.nextEvent[slot] = -1;
    const occurredOn = shared(state, event.occurredOn);
    const { reorganisationId, decisionRef, merges, abolished } = event.data;
    state.unitReorganisations.push({ at, occurredOn, reorganisationId, decisionRef, merges, abolished });
    return state;
  }
  const org = timelineOf(state, event.data.organisationId);
  chunk.nextEvent[slot] = -1;
  if (org.lastEvent === -1) org.firstEvent = at;
  else chunkOf(log, org.lastEvent).nextEvent[org.lastEvent & CHUNK_MASK] = at;
  org.lastEvent = at;
  org.revision++;
  if (recordedMs > org.maxRecordedMs) org.maxRecordedMs = recordedMs;
  if (memberCode !== 0) {
    // memberships live in the log only: the code, and the member id coded against the organisation's previous one
    const { memberId } = event.data as { memberId: string };
    appendTextAfter(log.memberIds, memberId, org.lastMemberId);
    org.lastMemberId = memberId;
    const what = memberCode & 3;
    if (what === ADMITTED) org.admissionCount++;
    else if (what === DEPARTED) org.departureCount++;
    else org.memberKindChangeCount++;
    return state;
  }
  appendEmpty(log.memberIds);
  const organisationId = org.id;
  const occurredOn = shared(state, event.occurredOn);
  switch (event.type) {
    case 'OrganisationFounded': {
      const { kind, name, registrationCode, headOfficeUnit, origin } = event.data;
      const unit = shared(state, headOfficeUnit);
      org.foundings = pushed(org.foundings, { at, occurredOn, kind: shared(state, kind), name, registrationCode, headOfficeUnit: unit, origin });
      org.headOffices = insertedByDate(org.headOffices, { at, occurredOn, unit });
      org.statuses = insertedByDate(org.statuses, { at, occurredOn, status: 'active', cause: shared(state, event.type) });
      break;
    }
    case 'HeadOfficeMoved':
      org.headOffices = insertedByDate(org.headOffices, { at, occurredOn, unit: shared(state, event.data.toUnit) });
      break;
    case 'OperationsSuspended':
      org.statuses = insertedByDate(org.statuses, { at, occurredOn, status: 'suspended', cause: shared(state, event.type) });
      break;
    case 'OperationsResumed':
      org.statuses = insertedByDate(org.statuses, { at, occurredOn, status: 'active', cause: shared(state, event.type) });
      break;
    case 'LegalStatusChanged':
      org.statuses = insertedByDate(org.statuses, { at, occurredOn, status: shared(state, event.data.to), cause: shared(state, event.type) });
      break;
    case 'DissolutionStarted': {
      const status: LegalStatus = event.data.mode === 'bankruptcy' ? 'bankruptcy-proceedings' : 'reorganising-or-dissolving';
      org.statuses = insertedByDate(org.statuses, { at, occurredOn, status, cause: shared(state, event.type) });
      break;
    }
    case 'DissolutionCompleted':
      org.statuses = insertedByDate(org.statuses, { at, occurredOn, status: 'ceased', cause: shared(state, event.type) });
      break;
    case 'RatingRecorded':
    case 'RatingCorrected': {
      const { year, scheme, score } = event.data;
      const { ratings } = state;
      const row = addRow(ratings, at, org.lastRating);
      if (org.firstRating === -1) org.firstRating = row;
      org.lastRating = row;
      ratings.values[row] = year;
      ratings.amounts[row] = score;
      ratings.texts[row] = textIndex(state, scheme);
      ratings.codes[row] = code & ~NOT_MEMBER;
      break;
    }
    case 'ValueChainLinkageStarted': {
      const { linkageId, counterpartyKind, stages, startsOn, endsOn } = event.data;
      org.linkages = pushed(org.linkages, {
        at,
        occurredOn,
        linkageId,
        counterpartyKind: shared(state, counterpartyKind),
        stages: stageList(state, stages),
        startsOn: shared(state, startsOn),
        endsOn: endsOn === undefined ? undefined : shared(state, endsOn),
      });
      break;
    }
    case 'ValueChainLinkageEnded':
      org.linkageEnds = pushed(org.linkageEnds, { at, occurredOn, id: event.data.linkageId, endsOn: shared(state, event.data.endsOn) });
      break;
    case 'HighTechRecognitionGranted': {
      const { recognitionId, basis, validFrom, validUntil } = event.data;
      org.recognitions = pushed(org.recognitions, {
        at,
        occurredOn,
        recognitionId,
        basis: shared(state, basis),
        validFrom: shared(state, validFrom),
        validUntil: validUntil === undefined ? undefined : shared(state, validUntil),
      });
      break;
    }
    case 'HighTechRecognitionLapsed':
      org.recognitionEnds = pushed(org.recognitionEnds, { at, occurredOn, id: event.data.recognitionId, endsOn: shared(state, event.data.lapsedOn) });
      break;
    case 'DigitalAssessmentRecorded': {
      const { checklistVersion, result } = event.data;
      const row = addRow(state.digital, at, org.lastDigital);
      if (org.firstDigital === -1) org.firstDigital = row;
      org.lastDigital = row;
      state.digital.texts[row] = textIndex(state, checklistVersion);
      state.digital.codes[row] = result === 'meets' ? 1 : 0;
      break;
    }
    case 'DebtRecognised': {
      const { debtId, creditorType, amount, originDate, dueDate } = event.data;
      org.debts = pushed(org.debts, {
        at,
        occurredOn,
        debtId,
        creditorType: shared(state, creditorType),
        amount,
        originDate: shared(state, originDate),
        dueDate: shared(state, dueDate),
      });
      break;
    }
    case 'DebtPaid':
      org.settlements = pushed(org.settlements, { at, occurredOn, debtId: event.data.debtId, amount: event.data.amount, how: 'paid' });
      break;
    case 'DebtWrittenOff':
      org.settlements = pushed(org.settlements, { at, occurredOn, debtId: event.data.debtId, amount: event.data.amount, how: 'written-off' });
      break;
    case 'SanctionImposed':
      org.sanctions = pushed(org.sanctions, { at, occurredOn, decisionRef: event.data.decisionRef });
      break;
    case 'UnionJoined':
      org.unions = pushed(org.unions, { at, occurredOn, unionId: event.data.unionId, joined: true });
      break;
    case 'UnionLeft':
      org.unions = pushed(org.unions, { at, occurredOn, unionId: event.data.unionId, joined: false });
      break;
    case 'RegistrationUpdateSubmitted': {
      const row = addRow(state.registrationUpdates, at, org.lastRegistrationUpdate);
      if (org.firstRegistrationUpdate === -1) org.firstRegistrationUpdate = row;
      org.lastRegistrationUpdate = row;
      state.registrationUpdates.values[row] = event.data.windowYear;
      break;
    }
    case 'LegacyConversionAssessed': {
      const { status, registeredUnderLaw } = event.data;
      org.legacy = pushed(org.legacy, { at, occurredOn, status: shared(state, status), registeredUnderLaw: shared(state, registeredUnderLaw) });
      break;
    }
    case 'GroupConverted': {
      const { cooperativeId } = event.data;
      org.reorganisations = pushed(org.reorganisations, {
        at,
        occurredOn,
        reorganisationId: `conversion:${organisationId}`,
        shape: 'conversion',
        role: 'source-ceases',
        sourceIds: [organisationId],
        successorIds: [cooperativeId],
      });
      org.statuses = insertedByDate(org.statuses, { at, occurredOn, status: 'ceased', cause: shared(state, event.type) });
      break;
    }
    case 'OrganisationReorganised': {
      const { reorganisationId, shape, role, sourceIds, successorIds } = event.data;
      org.reorganisations = pushed(org.reorganisations, { at, occurredOn, reorganisationId, shape, role, sourceIds, successorIds });
      if (role === 'source-ceases') org.statuses = insertedByDate(org.statuses, { at, occurredOn, status: 'ceased', cause: shared(state, event.type) });
      break;
    }
    case 'MemberAdmitted':
    case 'MemberDeparted':
    case 'MemberKindChanged':
    case 'RegistrationDetailsChanged':
    case 'CapitalContributed':
    case 'CapitalReturned':
    case 'FundsReported':
    case 'EnterpriseEstablished':
    case 'InspectionRecorded':
      break; // no indicator reads these; they stay in the event log
  }
  return state;
};

// the index of a repeated string in the state's texts
const textIndex = (state: IndicatorsState, value: string): number => {
  let index = state.textIndexes.get(value);
  if (index === undefined) {
    index = state.texts.length;
    state.texts.push(value);
    state.textIndexes.set(value, index);
  }
  return index;
};

// the state's one copy of a list of chain stages (a few distinct lists recur)
const stageList = (state: IndicatorsState, stages: readonly ChainStage[]): readonly ChainStage[] => {
  const key = stages.join('\u0000');
  let shared = state.stageLists.get(key);
  if (shared === undefined) {
    shared = Object.freeze(stages.map((stage) => state.texts[textIndex(state, stage)] as ChainStage));
    state.stageLists.set(key, shared);
  }
  return shared;
};

// the state's one copy of a repeated string
const shared = <Text extends string>(state: IndicatorsState, value: Text): Text => state.texts[textIndex(state, value)] as Text;

/** The one bitemporal projection behind every indicator: any (asOf, knownAt) is answered from its state. */
export const indicatorsProjection: Projection<IndicatorsState> = {
  name: 'indicators-nq20',
  version: 3,
  initialState: initialIndicatorsState,
  apply: applyIndicatorEvent,
  bitemporal: true,
};
