// Test-only builder of recorded histories; not exported from the package.
import {
  ADMINISTRATIVE_UNITS_STREAM,
  GENESIS_HASH,
  organisationStream,
  toRecordedEvent,
  type HoptacEvent,
  type OrganisationKind,
  type RecordedEvent,
} from '@hoptac/core';
import { applyIndicatorEvent, initialIndicatorsState, type IndicatorsState } from './projection';

type Data<Type extends HoptacEvent['type']> = Omit<Extract<HoptacEvent, { type: Type }>['data'], 'organisationId'>;

/** A history under construction: events get record times on their business date unless told otherwise. */
export class History {
  readonly events: RecordedEvent[] = [];
  private lastHash = GENESIS_HASH;
  private readonly versions = new Map<string, number>();

  /** Records a domain event; `recordedAt` defaults to noon UTC of its business date. */
  record(event: HoptacEvent, recordedAt = `${event.occurredOn}T12:00:00.000Z`): RecordedEvent {
    const stream = event.type === 'AdministrativeUnitsReorganised' ? ADMINISTRATIVE_UNITS_STREAM : organisationStream(event.data.organisationId);
    const version = (this.versions.get(stream) ?? 0) + 1;
    this.versions.set(stream, version);
    const recorded = toRecordedEvent(
      { ...event, eventId: `e${this.events.length + 1}`, recordedAt } as Parameters<typeof toRecordedEvent>[0],
      stream,
      version,
      this.events.length + 1,
      this.lastHash,
    );
    this.lastHash = recorded.hash;
    this.events.push(recorded);
    return recorded;
  }

  /** Records an organisation event by type. */
  on<Type extends Exclude<HoptacEvent['type'], 'AdministrativeUnitsReorganised'>>(
    type: Type,
    organisationId: string,
    occurredOn: string,
    data: Data<Type>,
    recordedAt?: string,
  ): RecordedEvent {
    return this.record({ type, occurredOn, data: { organisationId, ...data } } as HoptacEvent, recordedAt);
  }

  /** Founds an organisation with `members` founding members (origin founding). */
  found(
    organisationId: string,
    occurredOn: string,
    options: {
      kind?: OrganisationKind;
      unit?: string;
      members?: number;
      origin?: Data<'OrganisationFounded'>['origin'];
      recordedAt?: string;
    } = {},
  ): RecordedEvent {
    const founded = this.on(
      'OrganisationFounded',
      organisationId,
      occurredOn,
      {
        kind: options.kind ?? 'cooperative',
        name: `Organisation ${organisationId}`,
        registrationCode: `R-${organisationId}`,
        headOfficeUnit: options.unit ?? 'VB-NHAN-HOA',
        origin: options.origin ?? { type: 'new' },
      },
      options.recordedAt,
    );
    const origin = options.origin?.type === 'conversion' ? 'conversion' : options.origin?.type === 'reorganisation-successor' ? 'reorganisation' : 'founding';
    for (let index = 1; index <= (options.members ?? 0); index++)
      this.admit(organisationId, occurredOn, `${organisationId}-m${index}`, { origin, recordedAt: options.recordedAt });
    return founded;
  }

  /** Admits one member. */
  admit(
    organisationId: string,
    occurredOn: string,
    memberId: string,
    options: { origin?: Data<'MemberAdmitted'>['origin']; kind?: Data<'MemberAdmitted'>['memberKind']; recordedAt?: string | undefined } = {},
  ): RecordedEvent {
    return this.on(
      'MemberAdmitted',
      organisationId,
      occurredOn,
      {
        memberId,
        memberKind: options.kind ?? 'official',
        partyType: 'individual',
        capitalCommitted: 1_000_000,
        origin: options.origin ?? 'application',
      },
      options.recordedAt,
    );
  }

  /** Rates an organisation for a year (a second call for the same year and scheme is a correction). */
  rate(
    organisationId: string,
    year: number,
    level: Data<'RatingRecorded'>['level'],
    options: { on?: string; scheme?: string; correction?: boolean; recordedAt?: string } = {},
  ): RecordedEvent {
    const data = { year, scheme: options.scheme ?? 'circular-01-2020', level, score: level === 'good' ? 85 : level === 'fair' ? 70 : 55 };
    const on = options.on ?? `${year}-12-10`;
    return options.correction === true
      ? this.on('RatingCorrected', organisationId, on, data, options.recordedAt)
      : this.on('RatingRecorded', organisationId, on, data, options.recordedAt);
  }

  /** Replays the whole history into a fresh state. */
  state(events: readonly RecordedEvent[] = this.events): IndicatorsState {
    const state = initialIndicatorsState();
    for (const event of events) applyIndicatorEvent(state, event);
    return state;
  }
}

/** The events that pass both clocks, in global order. */
/** A history of events each recorded `days` after noon of its business date (negative: recorded early). */
export const historyWithLags = (entries: ReadonlyArray<readonly [HoptacEvent, number]>): History => {
  const history = new History();
  for (const [event, days] of entries)
    history.record(event, new Date(Date.parse(`${event.occurredOn}T12:00:00.000Z`) + days * 86_400_000).toISOString());
  return history;
};

export const passing = (events: readonly RecordedEvent[], asOf: string, knownAt: string): RecordedEvent[] =>
  events.filter((event) => event.occurredOn <= asOf && Date.parse(event.recordedAt) <= Date.parse(knownAt));
