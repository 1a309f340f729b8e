import {
  CIRCULAR_01_2020,
  CIRCULAR_09_2017,
  type AdministrativeUnitsReorganised,
  type MemberKind,
  type MemberSpec,
  type OrganisationCommand,
  type OrganisationKind,
  type PartyType,
} from '@hoptac/core';
import { addDays, dayMs, daysBetween, ymd } from './dates';
import { Random } from './prng';

/** Where the sample happens: the 1/7/2025 reorganisation (old units → new communes) and a unit outside the territory. */
export interface TerritorySetup {
  reorganisation: AdministrativeUnitsReorganised;
  /** a unit outside the territory, for an organisation that moves away */
  outsideUnit: string;
  /** display names of old units, by code */
  unitNames: ReadonlyMap<string, string>;
}

/** One thing to record: a command for the handler or the territory event, with its business date and record time. */
export interface Scheduled {
  seq: number;
  on: string;
  /** record time, ms since the epoch; fixed by `assignRecordTimes` */
  recordedAt: number;
  lag: 'normal' | 'late' | 'backfill' | 'rating' | 'early';
  organisations: readonly string[];
  actor: string;
  item: { kind: 'command'; command: OrganisationCommand } | { kind: 'territory'; event: AdministrativeUnitsReorganised };
}

interface Member {
  kind: MemberKind;
  partyType: PartyType;
  capital: number;
}

interface SimOrganisation {
  id: string;
  kind: OrganisationKind;
  unit: string;
  /** the old commune whose household pool members come from */
  pool: string;
  name: string;
  agricultural: boolean;
  foundedOn: string;
  quality: number;
  members: Map<string, Member>;
  status: 'active' | 'suspended' | 'dissolving' | 'ceased';
  suspendedUntil?: string;
  suspendedDaysByYear: Map<number, number>;
  debts: Map<string, { outstanding: number; dueDate: string }>;
  /** no routine events after this date (merged, converted, dissolved) */
  endsOn?: string;
  sanctionYears: Set<number>;
  /** routine events of the month fall after this date (a merger, a resumption, a settlement on that day) */
  notBefore?: string;
  linkages: number;
  typicalCapital: number;
}

const START_YEAR = 2015;
const END_YEAR = 2031;
const MERGER_DATE = '2026-03-16';

const FIRST_NAMES_OF_TRADES = [
  'rau an toàn',
  'nấm',
  'thủy sản',
  'chăn nuôi',
  'lúa giống',
  'dưa lưới công nghệ cao',
  'thuốc lào',
  'cây ăn quả',
  'mây tre đan',
  'dược liệu',
];

/**
 * Builds the sample's schedule: every command of every organisation from 2015 to 2031, in business order, plus
 * the territory event. The same seed always gives the same schedule.
 */
export const buildSchedule = (seed: number, territory: TerritorySetup): Scheduled[] => {
  const random = new Random(seed);
  const schedule: Scheduled[] = [];
  let seq = 0;
  const oldUnits = territory.reorganisation.data.merges.flatMap((merge) => merge.from);
  const successorOf = new Map(territory.reorganisation.data.merges.flatMap((merge) => merge.from.map((from) => [from, merge.unit.code] as const)));
  const unitName = (code: string): string => (territory.unitNames.get(code) ?? code).replace(/^(Xã|Thị trấn) /, '');
  const unitOn = (pool: string, on: string): string => (on >= territory.reorganisation.occurredOn ? (successorOf.get(pool) ?? pool) : pool);
  const actorFor = (unit: string, on: string): string =>
    on >= territory.reorganisation.occurredOn ? `registry:commune:${unitOn(unit, on)}` : 'registry:district:vinh-bao';

  const add = (
    on: string,
    command: OrganisationCommand,
    organisations: readonly string[],
    options: { lag?: Scheduled['lag']; actor?: string } = {},
  ): void => {
    const lag = options.lag ?? (on < `${START_YEAR}-01-01` ? 'backfill' : random.chance(0.03) ? 'late' : 'normal');
    const pool = organisations[0] === undefined ? undefined : organisationsById.get(organisations[0])?.pool;
    schedule.push({
      seq: seq++,
      on,
      recordedAt: 0,
      lag,
      organisations,
      actor: options.actor ?? actorFor(pool ?? 'VB', on),
      item: { kind: 'command', command },
    });
  };

  const householdCounters = new Map<string, number>();
  const newMemberId = (pool: string, partyType: PartyType): string => {
    const next = (householdCounters.get(pool) ?? 0) + random.int(1, 4);
    householdCounters.set(pool, next);
    const prefix = partyType === 'household' ? 'hh' : partyType === 'legal-entity' ? 'le' : 'ind';
    return `${prefix}-${pool.toLowerCase()}-${String(next).padStart(4, '0')}`;
  };
  const roundCapital = (amount: number): number => Math.max(100_000, Math.round(amount / 100_000) * 100_000);
  const memberSpec = (organisation: SimOrganisation, partyType: PartyType, kind: MemberKind = 'official'): MemberSpec => ({
    memberId: newMemberId(organisation.pool, partyType),
    memberKind: kind,
    partyType,
    capitalCommitted: kind === 'associate-non-contributing' ? 0 : roundCapital(organisation.typicalCapital * (0.75 + random.next() * 0.5)),
  });
  const partyFor = (organisation: SimOrganisation): PartyType =>
    organisation.agricultural && organisation.kind === 'cooperative'
      ? random.chance(0.92)
        ? 'household'
        : 'individual'
      : random.chance(0.6)
        ? 'individual'
        : random.chance(0.9)
          ? 'household'
          : 'legal-entity';

  const organisationsById = new Map<string, SimOrganisation>();
  const counters = new Map<string, number>();
  const nextId = (prefix: string): string => {
    const next = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, next);
    return `vb-${prefix}-${String(next).padStart(2, '0')}`;
  };
  let codeCounter = 0;
  const registrationCode = (kind: OrganisationKind, on: string): string =>
    kind === 'cooperative-group'
      ? `THT-VB-${on.slice(0, 4)}-${String(++codeCounter).padStart(3, '0')}`
      : `0200${String(480_000 + (++codeCounter) * 37).padStart(6, '0')}`;

  const found = (
    kind: OrganisationKind,
    pool: string,
    on: string,
    name: string,
    options: { agricultural: boolean; founders: number; later: number; typicalCapital: number; quality: number; associates?: number },
  ): SimOrganisation => {
    const prefix = kind === 'cooperative' ? 'htx' : kind === 'cooperative-group' ? 'tht' : kind === 'peoples-credit-fund' ? 'qtd' : 'lhhtx';
    const organisation: SimOrganisation = {
      id: nextId(prefix),
      kind,
      unit: unitOn(pool, on),
      pool,
      name,
      agricultural: options.agricultural,
      foundedOn: on,
      quality: options.quality,
      members: new Map(),
      status: 'active',
      suspendedDaysByYear: new Map(),
      debts: new Map(),
      sanctionYears: new Set(),
      linkages: 0,
      typicalCapital: options.typicalCapital,
    };
    organisationsById.set(organisation.id, organisation);
    const founders: MemberSpec[] = [];
    for (let i = 0; i < options.founders; i++) founders.push(memberSpec(organisation, partyFor(organisation)));
    for (let i = 0; i < (options.associates ?? 0); i++) founders.push(memberSpec(organisation, 'individual', 'associate-non-contributing'));
    for (const founder of founders)
      organisation.members.set(founder.memberId, { kind: founder.memberKind, partyType: founder.partyType, capital: founder.capitalCommitted });
    add(
      on,
      {
        type: 'FoundOrganisation',
        on,
        data: {
          organisationId: organisation.id,
          kind,
          name,
          registrationCode: registrationCode(kind, on),
          headOfficeUnit: organisation.unit,
          foundingMembers: founders,
        },
      },
      [organisation.id],
    );
    // members who joined before records began, backfilled in date order
    const until = `${START_YEAR - 1}-12-31`;
    if (options.later > 0 && on < until) {
      const span = daysBetween(on, until);
      const dates = Array.from({ length: options.later }, () => addDays(on, random.int(30, Math.max(31, span)))).sort();
      for (const date of dates) admit(organisation, date);
    }
    return organisation;
  };

  const admit = (organisation: SimOrganisation, on: string, spec?: MemberSpec): void => {
    const member = spec ?? memberSpec(organisation, partyFor(organisation));
    organisation.members.set(member.memberId, { kind: member.memberKind, partyType: member.partyType, capital: member.capitalCommitted });
    add(on, { type: 'AdmitMember', on, data: { organisationId: organisation.id, member } }, [organisation.id]);
  };

  const depart = (organisation: SimOrganisation, on: string): void => {
    const ids = [...organisation.members.keys()];
    if (ids.length === 0) return;
    const memberId = random.pick(ids);
    organisation.members.delete(memberId);
    const roll = random.next();
    const reason = roll < 0.4 ? 'death' : roll < 0.85 ? 'voluntary' : roll < 0.95 ? 'inactivity' : 'expelled';
    add(on, { type: 'RecordDeparture', on, data: { organisationId: organisation.id, memberId, reason } }, [organisation.id]);
  };

  const communeNames = oldUnits.map((code) => [code, unitName(code)] as const);

  // Legacy agricultural service cooperatives (HTX dịch vụ nông nghiệp): about one per commune, converted under the
  // 1996 law; hundreds of households each.
  const legacyAgricultural = communeNames.map(([code, name]) =>
    found('cooperative', code, ymd(random.int(1997, 2003), random.int(1, 12), random.int(1, 28)), `HTX dịch vụ nông nghiệp ${name}`, {
      agricultural: true,
      founders: random.int(15, 45),
      later: random.int(30, 160),
      typicalCapital: 1_500_000,
      quality: random.normal(60, 9),
      associates: random.chance(0.3) ? random.int(1, 4) : 0,
    }),
  );
  const legacyOther = [
    ['HTX vận tải', 'other'],
    ['HTX điện năng', 'other'],
    ['HTX xây dựng', 'other'],
    ['HTX mây tre đan', 'other'],
    ['HTX dịch vụ môi trường', 'other'],
  ].map(([trade]) => {
    const [code, name] = random.pick(communeNames);
    return found('cooperative', code, ymd(random.int(2004, 2013), random.int(1, 12), random.int(1, 28)), `${trade} ${name}`, {
      agricultural: false,
      founders: random.int(7, 12),
      later: random.int(2, 15),
      typicalCapital: 20_000_000,
      quality: random.normal(63, 8),
    });
  });
  const creditFunds = ['VB-TT-VINH-BAO', random.pick(oldUnits)].map((code) =>
    found('peoples-credit-fund', code, ymd(random.int(1995, 1999), random.int(1, 12), random.int(1, 28)), `Quỹ tín dụng nhân dân ${unitName(code)}`, {
      agricultural: false,
      founders: random.int(20, 40),
      later: random.int(90, 180),
      typicalCapital: 3_000_000,
      quality: 70,
    }),
  );

  // founding dates of later organisations, in order; conversions are marked
  const laterCooperatives: Array<{ on: string; conversion?: boolean }> = [
    { on: '2016-04-12' },
    { on: '2017-09-05' },
    { on: '2019-03-20' },
    { on: '2020-11-02' },
    { on: '2021-06-15' },
    { on: '2022-08-08' },
    { on: '2023-10-24' },
    { on: '2024-05-14' },
    { on: '2024-11-19', conversion: true },
    { on: '2025-09-09' },
    { on: '2026-04-21' },
    { on: '2027-03-02', conversion: true },
    { on: '2027-08-17' },
    { on: '2028-05-23' },
    { on: '2028-10-10' },
    { on: '2029-04-06', conversion: true },
    { on: '2029-09-25' },
    { on: '2030-06-16' },
    { on: '2031-03-11' },
  ];
  const groupFoundings = ['2016-02-15', '2017-05-03', '2018-03-12', '2019-07-01', '2021-04-08', '2022-10-10', '2024-03-05', '2026-02-09', '2027-06-14'];
  const conversionSources = ['2018-03-12', '2022-10-10', '2026-02-09'];

  interface Timed {
    on: string;
    run: () => void;
  }
  const happenings: Timed[] = [];
  const groups: SimOrganisation[] = [];
  for (const on of groupFoundings)
    happenings.push({
      on,
      run: () => {
        const [code, name] = random.pick(communeNames);
        groups.push(
          found('cooperative-group', code, on, `Tổ hợp tác ${random.pick(FIRST_NAMES_OF_TRADES)} ${name}`, {
            agricultural: true,
            founders: random.int(6, 12),
            later: 0,
            typicalCapital: 2_000_000,
            quality: random.normal(62, 8),
          }),
        );
      },
    });
  let conversionIndex = 0;
  const newCooperatives: SimOrganisation[] = [];
  for (const spec of laterCooperatives)
    happenings.push({
      on: spec.on,
      run: () => {
        if (spec.conversion) {
          const foundedOn = conversionSources[conversionIndex++];
          const group = groups.find((candidate) => candidate.foundedOn === foundedOn && candidate.status === 'active');
          if (group) return convert(group, spec.on);
        }
        const [code] = random.pick(communeNames);
        const trade = random.pick(FIRST_NAMES_OF_TRADES);
        const unit = unitOn(code, spec.on);
        const place = territory.unitNames.get(unit) ?? unitName(unit);
        newCooperatives.push(
          found('cooperative', code, spec.on, `HTX ${trade} ${place.replace(/^(Xã|Thị trấn) /, '')}`, {
            agricultural: trade !== 'mây tre đan',
            founders: random.int(7, 14),
            later: 0,
            typicalCapital: 30_000_000,
            quality: random.normal(68, 7),
          }),
        );
      },
    });

  const convert = (group: SimOrganisation, on: string): void => {
    const cooperativeId = nextId('htx');
    const name = group.name.replace('Tổ hợp tác', 'HTX');
    const cooperative: SimOrganisation = {
      ...group,
      id: cooperativeId,
      kind: 'cooperative',
      unit: unitOn(group.pool, on),
      name,
      foundedOn: on,
      members: new Map(group.members),
      suspendedDaysByYear: new Map(),
      debts: new Map(),
      sanctionYears: new Set(),
      typicalCapital: group.typicalCapital,
    };
    organisationsById.set(cooperativeId, cooperative);
    newCooperatives.push(cooperative);
    group.status = 'ceased';
    group.endsOn = on;
    add(
      on,
      {
        type: 'ConvertGroup',
        on,
        data: { organisationId: group.id, cooperativeId, name, registrationCode: registrationCode('cooperative', on) },
      },
      [group.id, cooperativeId],
    );
  };

  // the merger: two small agricultural cooperatives absorbed by a neighbour of the same new commune
  const mergerCommune = territory.reorganisation.data.merges.find((merge) => merge.from.length >= 3);
  const mergerParties = mergerCommune
    ? legacyAgricultural.filter((organisation) => mergerCommune.unit.code === successorOf.get(organisation.pool)).slice(0, 3)
    : [];
  happenings.push({
    on: MERGER_DATE,
    run: () => {
      const [absorbing, ...sources] = mergerParties;
      if (!absorbing || sources.length < 2 || [absorbing, ...sources].some((party) => party.status !== 'active')) return;
      for (const source of sources) {
        for (const [memberId, member] of source.members) absorbing.members.set(memberId, member);
        source.members.clear();
        source.status = 'ceased';
        source.endsOn = MERGER_DATE;
      }
      absorbing.notBefore = MERGER_DATE;
      add(
        MERGER_DATE,
        {
          type: 'ReorganiseOrganisations',
          on: MERGER_DATE,
          data: {
            organisationId: (sources[0] as SimOrganisation).id,
            reorganisationId: 'vb-reorg-2026-01',
            shape: 'merger',
            sourceIds: sources.map((source) => source.id),
            newSuccessors: [],
            absorbingId: absorbing.id,
          },
        },
        [...sources.map((source) => source.id), absorbing.id],
      );
    },
  });

  // the cooperative union, founded by three new-type cooperatives
  happenings.push({
    on: '2028-06-18',
    run: () => {
      const founders = newCooperatives.filter((organisation) => organisation.status === 'active' && organisation.kind === 'cooperative').slice(0, 3);
      if (founders.length < 3) return;
      const union: SimOrganisation = {
        id: nextId('lhhtx'),
        kind: 'cooperative-union',
        unit: unitOn('VB-TT-VINH-BAO', '2028-06-18'),
        pool: 'VB-TT-VINH-BAO',
        name: 'Liên hiệp HTX nông sản Vĩnh Bảo',
        agricultural: true,
        foundedOn: '2028-06-18',
        quality: 72,
        members: new Map(founders.map((founder) => [founder.id, { kind: 'official' as const, partyType: 'cooperative' as const, capital: 100_000_000 }])),
        status: 'active',
        suspendedDaysByYear: new Map(),
        debts: new Map(),
        sanctionYears: new Set(),
        linkages: 0,
        typicalCapital: 100_000_000,
      };
      organisationsById.set(union.id, union);
      add(
        '2028-06-18',
        {
          type: 'FoundOrganisation',
          on: '2028-06-18',
          data: {
            organisationId: union.id,
            kind: 'cooperative-union',
            name: union.name,
            registrationCode: registrationCode('cooperative-union', '2028-06-18'),
            headOfficeUnit: union.unit,
            foundingMembers: founders.map((founder) => ({
              memberId: founder.id,
              memberKind: 'official' as const,
              partyType: 'cooperative' as const,
              capitalCommitted: 100_000_000,
            })),
          },
        },
        [union.id],
      );
      for (const founder of founders)
        add('2028-06-25', { type: 'JoinUnion', on: '2028-06-25', data: { organisationId: founder.id, unionId: union.id } }, [founder.id]);
    },
  });

  // a handful of scripted stories on legacy cooperatives
  const [weakA, weakB, notConverted, suspendedTwice, sanctioned, movesAway, highTechA] = random.sample(
    [...legacyAgricultural.filter((organisation) => !mergerParties.includes(organisation)), ...legacyOther],
    7,
  ) as SimOrganisation[];
  const dissolutions: Array<{ organisation: SimOrganisation | undefined; starts: string; mode: 'voluntary' | 'compulsory' }> = [
    { organisation: weakA, starts: '2019-06-10', mode: 'voluntary' },
    { organisation: notConverted, starts: '2024-04-15', mode: 'compulsory' },
    { organisation: weakB, starts: '2027-09-01', mode: 'voluntary' },
  ];
  if (weakA) weakA.quality = 42;
  if (weakB) weakB.quality = 48;
  if (notConverted) notConverted.quality = 45;

  // debts recognised in the 2015 review of long-outstanding debts (nợ tồn đọng)
  const debtors = random.sample(legacyAgricultural.filter((organisation) => !mergerParties.includes(organisation)), 7);
  for (const organisation of [...debtors, weakA, weakB, notConverted]) {
    if (!organisation || organisation.debts.size > 0) continue;
    const count = random.int(1, 3);
    for (let i = 0; i < count; i++) {
      const debtId = `${organisation.id}-debt-${i + 1}`;
      const creditorType = random.pick(['state', 'state', 'bank', 'other-organisation', 'member'] as const);
      const amount = roundCapital(random.int(20, 600) * 1_000_000);
      const originDate = ymd(random.int(1998, 2010), random.int(1, 12), random.int(1, 28));
      const dueDate = addDays(originDate, random.int(365, 1100));
      const on = ymd(2015, random.int(4, 10), random.int(1, 28));
      organisation.debts.set(debtId, { outstanding: amount, dueDate });
      happenings.push({
        on,
        run: () =>
          add(on, { type: 'RecogniseDebt', on, data: { organisationId: organisation.id, debtId, creditorType, amount, originDate, dueDate } }, [
            organisation.id,
          ]),
      });
    }
  }

  // scripted stories, each at its date
  const at = (on: string, run: () => void): void => {
    happenings.push({ on, run });
  };
  if (suspendedTwice) {
    at('2016-11-08', () =>
      add('2016-11-08', {
        type: 'AssessLegacyConversion',
        on: '2016-11-08',
        data: { organisationId: suspendedTwice.id, status: 'converted', registeredUnderLaw: '2012' },
      }, [suspendedTwice.id]),
    );
    at('2018-03-01', () => suspend(suspendedTwice, '2018-03-01', '2018-11-30', 'thiếu vốn lưu động (short of working capital)'));
    at('2022-02-14', () => suspend(suspendedTwice, '2022-02-14', '2022-08-31', 'dịch bệnh trên đàn lợn (swine fever)'));
  }
  if (highTechA) at('2021-05-10', () => grantHighTech(highTechA, '2021-05-10', '2026-05-09', 'high-tech-agricultural-area'));
  at('2025-10-02', () => {
    const candidate = newCooperatives.find((organisation) => organisation.status === 'active' && organisation.agricultural);
    if (candidate) grantHighTech(candidate, '2025-10-02', undefined, 'decision-738-criteria');
  });
  at('2028-03-15', () => {
    const candidate = newCooperatives.filter((organisation) => organisation.status === 'active' && organisation.agricultural)[2];
    if (candidate) grantHighTech(candidate, '2028-03-15', '2033-03-14', 'local-rule');
  });
  if (sanctioned)
    at('2028-04-12', () => {
      if (sanctioned.status !== 'active') return;
      sanctioned.sanctionYears.add(2028);
      add('2028-04-12', {
        type: 'ImposeSanction',
        on: '2028-04-12',
        data: { organisationId: sanctioned.id, decisionRef: 'QĐ-XPVPHC-2028/017', violation: 'Không báo cáo tình hình hoạt động (no activity report filed)' },
      }, [sanctioned.id]);
    });
  if (movesAway)
    at('2029-05-06', () => {
      if (movesAway.status !== 'active') return;
      add('2029-05-06', { type: 'MoveHeadOffice', on: '2029-05-06', data: { organisationId: movesAway.id, toUnit: territory.outsideUnit } }, [movesAway.id]);
      movesAway.unit = territory.outsideUnit;
    });
  for (const dissolution of dissolutions) {
    const organisation = dissolution.organisation;
    if (!organisation) continue;
    // settle the debts first, then start and complete the dissolution
    const settles = addDays(dissolution.starts, -45);
    at(settles, () => {
      if (organisation.status !== 'active') return;
      for (const [debtId, debt] of organisation.debts) {
        if (debt.outstanding === 0) continue;
        add(settles, { type: 'WriteOffDebt', on: settles, data: { organisationId: organisation.id, debtId, amount: debt.outstanding, decisionRef: `QĐ-XLN-${debtId}` } }, [
          organisation.id,
        ]);
        debt.outstanding = 0;
      }
      organisation.notBefore = settles;
    });
    at(dissolution.starts, () => {
      if (organisation.status !== 'active') return;
      organisation.status = 'dissolving';
      organisation.endsOn = dissolution.starts;
      const completes = addDays(dissolution.starts, 120);
      add(dissolution.starts, {
        type: 'StartDissolution',
        on: dissolution.starts,
        data: { organisationId: organisation.id, mode: dissolution.mode, decisionRef: `NQ-ĐHTV-${dissolution.starts.slice(0, 4)}` },
      }, [organisation.id]);
      add(completes, { type: 'CompleteDissolution', on: completes, data: { organisationId: organisation.id } }, [organisation.id]);
    });
  }

  happenings.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  let nextHappening = 0;
  const runHappeningsUntil = (date: string): void => {
    while (nextHappening < happenings.length && (happenings[nextHappening] as Timed).on <= date) (happenings[nextHappening++] as Timed).run();
  };

  // legacy conversion duty (chưa chuyển đổi), assessed in the 2015 review
  for (const organisation of [notConverted, suspendedTwice].filter((item): item is SimOrganisation => item !== undefined))
    add('2015-06-30', {
      type: 'AssessLegacyConversion',
      on: '2015-06-30',
      data: { organisationId: organisation.id, status: 'not-converted', registeredUnderLaw: '2003' },
    }, [organisation.id]);

  const territoryRecordedBefore = '2025-06-20';
  schedule.push({
    seq: seq++,
    on: territory.reorganisation.occurredOn,
    recordedAt: dayMs(territoryRecordedBefore) + 3 * 3_600_000,
    lag: 'early',
    organisations: [],
    actor: 'registry:city:hai-phong',
    item: { kind: 'territory', event: territory.reorganisation },
  });

  const isRunning = (organisation: SimOrganisation, on: string): boolean =>
    organisation.status !== 'ceased' && (organisation.endsOn === undefined || on < organisation.endsOn) && organisation.foundedOn < on;

  for (let year = START_YEAR; year <= END_YEAR; year++) {
    for (let month = 1; month <= 12; month++) {
      const monthStart = ymd(year, month, 1);
      runHappeningsUntil(ymd(year, month, 28));
      const everyone = [...organisationsById.values()];
      for (const organisation of everyone) {
        if (!isRunning(organisation, monthStart)) continue;
        const notBefore = organisation.notBefore !== undefined && organisation.notBefore >= monthStart ? Number(organisation.notBefore.slice(8, 10)) : 0;
        if (notBefore >= 27) continue;
        const day = (): string => ymd(year, month, random.int(Math.max(2, notBefore + 1), 27));
        const size = organisation.members.size;

        // suspensions end
        if (organisation.status === 'suspended' && organisation.suspendedUntil && organisation.suspendedUntil <= ymd(year, month, 28)) {
          const on = organisation.suspendedUntil;
          organisation.status = 'active';
          organisation.notBefore = on;
          delete organisation.suspendedUntil;
          add(on, { type: 'ResumeOperations', on, data: { organisationId: organisation.id } }, [organisation.id]);
        }

        if (organisation.status === 'active' && organisation.kind !== 'cooperative-union') {
          // membership churn: few admissions, a steady trickle of departures (members age out)
          const admissionRate = organisation.kind === 'peoples-credit-fund' ? 0.25 : organisation.kind === 'cooperative-group' ? 0.04 : 0.025;
          const departureRate = (size * (organisation.kind === 'peoples-credit-fund' ? 0.02 : 0.012)) / 12;
          const events: Array<{ on: string; admit: boolean }> = [];
          for (let i = random.poisson(admissionRate); i > 0; i--) events.push({ on: day(), admit: true });
          const minimum = organisation.kind === 'cooperative-group' ? 6 : 8;
          for (let i = random.poisson(departureRate); i > 0 && size - i >= minimum; i--) events.push({ on: day(), admit: false });
          events.sort((a, b) => (a.on < b.on ? -1 : 1));
          for (const event of events) (event.admit ? admit(organisation, event.on) : depart(organisation, event.on));
        }

        if (organisation.kind !== 'cooperative' && organisation.kind !== 'cooperative-union') continue;
        if (organisation.status !== 'active') continue;

        // value-chain linkages: more of them once the plan pushes for it
        const linkageChance = (year >= 2024 ? 0.012 : 0.004) * (organisation.agricultural ? 1.3 : 0.5) * (organisation.linkages > 0 ? 0.4 : 1);
        if (random.chance(linkageChance)) {
          const on = day();
          organisation.linkages++;
          const roll = random.next();
          const counterpartyKind =
            roll < 0.45 ? 'enterprise' : roll < 0.65 ? 'state-owned-enterprise' : roll < 0.8 ? 'cooperative' : 'farmers';
          const stages = random.pick([
            ['production', 'consumption'],
            ['inputs', 'production', 'consumption'],
            ['production', 'processing', 'consumption'],
            ['inputs', 'production', 'processing', 'consumption'],
          ] as const);
          const years = random.int(3, 5);
          const bounded = random.chance(0.6);
          const linkageId = `${organisation.id}-lk-${organisation.linkages}`;
          add(
            on,
            {
              type: 'StartLinkage',
              on,
              data: {
                organisationId: organisation.id,
                linkageId,
                contractReference: `HĐLK-${year}/${organisation.id.slice(3)}-${organisation.linkages}`,
                counterpartyKind,
                stages: [...stages],
                ...(bounded ? { endsOn: addDays(ymd(year + years, month, 1), -1) } : {}),
              },
            },
            [organisation.id],
          );
          if (!bounded && random.chance(0.4)) {
            const endsOn = ymd(Math.min(year + years, END_YEAR), random.int(1, 12), 28);
            if (endsOn > on)
              happenings.push({
                on: endsOn,
                run: () => {
                  if (organisation.status === 'active')
                    add(endsOn, { type: 'EndLinkage', on: endsOn, data: { organisationId: organisation.id, linkageId } }, [organisation.id]);
                },
              });
            happenings.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
          }
        }

        // debts: paid little by little, or written off by decision
        if (month === 9) {
          for (const [debtId, debt] of organisation.debts) {
            if (debt.outstanding === 0 || year < 2016) continue;
            const on = ymd(year, 9, random.int(5, 25));
            if (year >= 2019 && random.chance(0.12)) {
              add(
                on,
                {
                  type: 'WriteOffDebt',
                  on,
                  data: { organisationId: organisation.id, debtId, amount: debt.outstanding, decisionRef: `QĐ-XLN-${year}/${debtId.slice(-6)}` },
                },
                [organisation.id],
              );
              debt.outstanding = 0;
            } else if (random.chance(0.3)) {
              const amount = Math.min(debt.outstanding, roundCapital(debt.outstanding * (0.1 + random.next() * 0.4)));
              add(on, { type: 'PayDebt', on, data: { organisationId: organisation.id, debtId, amount } }, [organisation.id]);
              debt.outstanding -= amount;
            }
          }
        }

        // digital-transformation assessments, from 2022 against a versioned checklist
        if (month === 8 && year >= 2022 && organisation.kind === 'cooperative' && random.chance(0.8)) {
          const on = day();
          const meets = random.chance(Math.min(0.95, 0.15 + 0.11 * (year - 2022) + (organisation.quality - 60) / 100));
          const criteria = ['e-invoicing', 'national-system-account', 'digital-sales-channel', 'e-accounting'];
          add(
            on,
            {
              type: 'RecordDigitalAssessment',
              on,
              data: {
                organisationId: organisation.id,
                checklistVersion: year >= 2027 ? 'vb-dx-2027.1' : 'vb-dx-2022.1',
                result: meets ? 'meets' : 'does-not-meet',
                criteriaMet: meets ? criteria.slice(0, 3) : criteria.slice(0, random.int(0, 2)),
              },
            },
            [organisation.id],
          );
        }

        // yearly registration update to the national system (window 15/12 to 14/12), from the first window of 2024
        if (month === 11 && year >= 2024 && random.chance(0.85)) {
          const on = day();
          add(on, { type: 'SubmitRegistrationUpdate', on, data: { organisationId: organisation.id, windowYear: year } }, [organisation.id]);
        }

        // yearly funds, reported in March for the year before
        if (month === 3 && year > START_YEAR && organisation.foundedOn < ymd(year - 1, 1, 1)) {
          const on = day();
          const charterCapital = [...organisation.members.values()].reduce((sum, member) => sum + member.capital, 0);
          add(
            on,
            {
              type: 'ReportFunds',
              on,
              data: {
                organisationId: organisation.id,
                year: year - 1,
                charterCapital,
                mobilisedCapital: roundCapital(charterCapital * random.next() * 0.8),
                indivisibleFund: roundCapital(charterCapital * (0.05 + random.next() * 0.3)),
              },
            },
            [organisation.id],
          );
        }
      }
    }

    // ratings: decided before the 15/12 deadline for the year, a few missing, a few corrected months later
    for (const organisation of organisationsById.values()) {
      if (organisation.kind !== 'cooperative' && organisation.kind !== 'cooperative-union') continue;
      const yearEnd = ymd(year, 12, 31);
      if (!isRunning(organisation, ymd(year, 12, 1)) || organisation.status !== 'active') continue;
      if (organisation.foundedOn > ymd(year - 1, 12, 31)) continue;
      // Circular 09/2017 rates agricultural cooperatives from 2017, Circular 01/2020 the others from 2020
      if (year < (organisation.agricultural && organisation.kind === 'cooperative' ? 2017 : 2020)) continue;
      if ((organisation.suspendedDaysByYear.get(year) ?? 0) > 90) continue;
      if (random.chance(0.07)) continue;
      const trend = year >= 2020 ? (year - 2020) * 1.1 : 0;
      const score = Math.max(20, Math.min(98, Math.round(random.normal(organisation.quality + trend, 6))));
      const scheme = organisation.agricultural && organisation.kind === 'cooperative' ? CIRCULAR_09_2017 : CIRCULAR_01_2020;
      const sanctioned = organisation.sanctionYears.has(year) && scheme === CIRCULAR_09_2017;
      const level = sanctioned ? 'weak' : score >= 80 ? 'good' : score >= 65 ? 'fair' : score >= 50 ? 'average' : 'weak';
      const on = random.chance(0.9) ? ymd(year, 12, random.int(1, 14)) : ymd(year + 1, 1, random.int(5, 25));
      add(on, { type: 'RateOrganisation', on, data: { organisationId: organisation.id, year, scheme, level, score } }, [organisation.id], {
        lag: random.chance(0.04) ? 'late' : 'rating',
        actor: 'rating-council:vinh-bao',
      });
      if (random.chance(0.05) && yearEnd < ymd(END_YEAR, 1, 1)) {
        const corrected = Math.max(20, Math.min(98, score + random.pick([-12, -9, 8, 11, 14])));
        const correctedLevel = sanctioned ? 'weak' : corrected >= 80 ? 'good' : corrected >= 65 ? 'fair' : corrected >= 50 ? 'average' : 'weak';
        const correctionOn = addDays(ymd(year + 1, 2, 1), random.int(0, 90));
        happenings.push({
          on: correctionOn,
          run: () =>
            add(
              correctionOn,
              {
                type: 'RateOrganisation',
                on: correctionOn,
                data: {
                  organisationId: organisation.id,
                  year,
                  scheme,
                  level: correctedLevel,
                  score: corrected,
                  reason: 'Đánh giá lại sau kiểm tra (re-assessed after an inspection)',
                },
              },
              [organisation.id],
              { actor: 'rating-council:vinh-bao' },
            ),
        });
        happenings.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
      }
    }

  }
  runHappeningsUntil(ymd(END_YEAR + 1, 12, 31));

  function suspend(organisation: SimOrganisation, from: string, until: string, reason: string): void {
    if (organisation.status !== 'active') return;
    add(from, { type: 'SuspendOperations', on: from, data: { organisationId: organisation.id, until, reason } }, [organisation.id]);
    organisation.status = 'suspended';
    organisation.suspendedUntil = addDays(until, 1);
    const year = Number(from.slice(0, 4));
    organisation.suspendedDaysByYear.set(year, daysBetween(from, until) + 1);
  }

  function grantHighTech(organisation: SimOrganisation, on: string, validUntil: string | undefined, basis: 'high-tech-agricultural-area' | 'decision-738-criteria' | 'local-rule'): void {
    add(on, {
      type: 'GrantHighTechRecognition',
      on,
      data: {
        organisationId: organisation.id,
        recognitionId: `${organisation.id}-cnc-${on.slice(0, 4)}`,
        basis,
        issuer: basis === 'local-rule' ? 'UBND xã (commune People’s Committee)' : 'Sở Nông nghiệp và Môi trường Hải Phòng',
        ...(validUntil ? { validUntil } : {}),
      },
    }, [organisation.id]);
  }

  return schedule;
};

const HOUR = 3_600_000;
const MINUTE = 60_000;

/**
 * Gives every scheduled item its record time: a few days after its business date (months for late records),
 * the 2015 backfill campaign for older history, and never before the organisation's previous record, so each
 * stream is recorded in business order. Returns the schedule sorted in record order.
 */
export const assignRecordTimes = (seed: number, schedule: Scheduled[]): Scheduled[] => {
  const random = new Random(seed ^ 0x5eed);
  const byBusinessOrder = [...schedule].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : a.seq - b.seq));
  const lastRecorded = new Map<string, number>();
  const campaignStart = dayMs('2015-01-05') + 2 * HOUR;
  let backfillCursor = campaignStart;
  for (const item of byBusinessOrder) {
    if (item.item.kind === 'territory') continue;
    const business = dayMs(item.on) + 2 * HOUR; // 09:00 in Hà Nội
    let recorded: number;
    switch (item.lag) {
      case 'backfill':
        backfillCursor += random.int(2, 25) * MINUTE;
        recorded = backfillCursor;
        break;
      case 'late':
        recorded = business + random.int(45, 200) * 24 * HOUR + random.int(0, 8) * HOUR;
        break;
      case 'rating':
        recorded = business + random.int(2, 20) * 24 * HOUR + random.int(0, 8) * HOUR;
        break;
      default:
        recorded = business + random.int(0, 10) * 24 * HOUR + random.int(0, 8) * HOUR + random.int(0, 59) * MINUTE;
    }
    for (const organisation of item.organisations) recorded = Math.max(recorded, (lastRecorded.get(organisation) ?? 0) + MINUTE);
    item.recordedAt = recorded;
    for (const organisation of item.organisations) lastRecorded.set(organisation, recorded);
  }
  return [...schedule].sort((a, b) => a.recordedAt - b.recordedAt || a.seq - b.seq);
};
