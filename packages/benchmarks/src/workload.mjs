// The seeded workload: a history of cooperatives, written as NDJSON of RecordedEvents (hashes chained) and cached.
// Events are built directly with core's toRecordedEvent, not through the decider, so generating 10 M stays fast.
import { createWriteStream, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GENESIS_HASH, organisationStream, toRecordedEvent } from '@hoptac/core';
import { vinhBaoUnitReorganisation2025, vinhBaoUnits } from '@hoptac/indicators-nq20';

/** Bump when the generated history changes shape, so cached files are not reused. */
export const WORKLOAD_VERSION = 4;

export const DATA_DIR = process.env.HOPTAC_BENCH_DATA ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'bench-data');

// territory: the bundled Vĩnh Bảo plan's communes (before 1/7/2025), merged into fewer communes on that day by
// the plan's sample reorganisation; a quarter of the organisations sit outside the territory
export const OLD_UNITS = vinhBaoUnits.filter((unit) => unit.level !== 'district').map((unit) => unit.code);
export const OUTSIDE_UNITS = Array.from({ length: 10 }, (_, index) => `HP-OTHER-${String(index + 1).padStart(2, '0')}`);
export const UNIT_REORGANISATION_DAY = vinhBaoUnitReorganisation2025.occurredOn;
export const TERRITORY_STREAM = 'territory-administrative-units';

const START_YEAR = 2010;
const END_DAY = dayNumber('2031-06-30');

/** sfc32: small, fast, seedable; every organisation gets its own stream of numbers. */
export const prng = (seed) => {
  let a = 0x9e3779b9 ^ seed;
  let b = 0x243f6a88 + seed * 31;
  let c = 0xb7e15162 ^ (seed << 7);
  let d = 1;
  const next = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    const result = (t + d) | 0;
    c = (c + result) | 0;
    return (result >>> 0) / 4294967296;
  };
  for (let index = 0; index < 15; index++) next();
  return next;
};

function dayNumber(iso) {
  return Math.floor(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
}
const dayCache = new Map();
const isoDay = (day) => {
  let text = dayCache.get(day);
  if (text === undefined) {
    text = new Date(day * 86_400_000).toISOString().slice(0, 10);
    dayCache.set(day, text);
  }
  return text;
};
const pad2 = (value) => (value < 10 ? `0${value}` : `${value}`);
const instant = (ms) => {
  const day = Math.floor(ms / 86_400_000);
  const seconds = Math.floor((ms - day * 86_400_000) / 1000);
  const millis = ms % 1000;
  return `${isoDay(day)}T${pad2(Math.floor(seconds / 3600))}:${pad2(Math.floor(seconds / 60) % 60)}:${pad2(seconds % 60)}.${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z`;
};
const yearStart = (year) => dayNumber(`${year}-01-01`);

const kindOf = (index) => {
  const slot = index % 100;
  if (slot < 85) return 'cooperative';
  if (slot < 95) return 'cooperative-group';
  if (slot < 98) return 'peoples-credit-fund';
  return 'cooperative-union';
};
// a few organisations are merged into another (sáp nhập), a few are dissolved; targets never end themselves
const isMergeSource = (index) => index % 200 === 17;
const isMergeTarget = (index) => index % 200 === 3;
const isDissolved = (index) => index % 100 === 51;
const organisationId = (index) => `org-${String(index).padStart(6, '0')}`;

/** The founding day of organisation `index`: the first draw of its own generator, so it is known up front. */
const foundingDay = (seed, index) => {
  const random = prng(seed * 1_000_003 + index);
  return yearStart(START_YEAR) + Math.floor(random() * (dayNumber('2029-12-31') - yearStart(START_YEAR)));
};

/**
 * One organisation's history, year by year, in record order: each year's events are drawn, sorted by record
 * time and handed out; a year's rating is decided in December and recorded early the next year (a late record).
 * Items are arrays of [stream, event] written consecutively (one atomic append).
 */
function* organisationHistory(seed, index, count, memberScale) {
  const random = prng(seed * 1_000_003 + index);
  const founded = yearStart(START_YEAR) + Math.floor(random() * (dayNumber('2029-12-31') - yearStart(START_YEAR)));
  const id = organisationId(index);
  const stream = organisationStream(id);
  const kind = kindOf(index);
  const inTerritory = random() < 0.75;
  const unitIndex = Math.floor(random() * OLD_UNITS.length);
  const unit = inTerritory ? OLD_UNITS[unitIndex] : OUTSIDE_UNITS[Math.floor(random() * OUTSIDE_UNITS.length)];
  const lifetime = END_DAY - founded;
  const years = lifetime / 365;
  let endDay = END_DAY;
  let ending = null;
  if (isMergeSource(index) || isDissolved(index)) {
    endDay = founded + Math.floor(lifetime * (0.5 + 0.4 * random()));
    ending = isMergeSource(index) ? 'merger' : 'dissolution';
  }
  const members = [];
  let nextMember = 1;
  const recordDelay = () => (random() < 0.9 ? 0 : 1 + Math.floor(random() * 20)) * 86_400_000 + Math.floor((7 + random() * 10) * 3_600_000);
  const memberId = (n) => `${id}-m${n}`;
  const admit = (day, origin) => {
    const n = nextMember++;
    members.push(n);
    const roll = random();
    return {
      type: 'MemberAdmitted',
      occurredOn: isoDay(day),
      data: {
        organisationId: id,
        memberId: memberId(n),
        memberKind: roll < 0.8 ? 'official' : roll < 0.93 ? 'associate-contributing' : 'associate-non-contributing',
        partyType: kind === 'cooperative-union' ? 'cooperative' : roll < 0.7 ? 'individual' : roll < 0.95 ? 'household' : 'legal-entity',
        capitalCommitted: 1_000_000 * (1 + Math.floor(random() * 50)),
        origin,
      },
    };
  };

  // founding, with its founding members dated on the founding day
  const founding = [];
  const foundedAt = founded * 86_400_000 + recordDelay();
  founding.push([stream, { type: 'OrganisationFounded', occurredOn: isoDay(founded), data: { organisationId: id, kind, name: `Hợp tác xã ${index}`, registrationCode: `RC${index}`, headOfficeUnit: unit, origin: { type: 'new' } } }, foundedAt]);
  const foundingMembers = kind === 'cooperative-group' ? 3 : 7;
  for (let member = 0; member < foundingMembers; member++) founding.push([stream, admit(founded, 'founding'), foundedAt]);
  yield founding;

  const admissionRate = (66 * memberScale - foundingMembers) / Math.max(years, 0.5);
  const departureRate = (15 * memberScale) / Math.max(years, 0.5);
  const hasLinkage = random() < 0.6;
  const hasHighTech = kind === 'cooperative' && random() < 0.08;
  const moves = random() < 0.02;
  const suspends = random() < 0.05;
  let lateRating = null;
  const firstYear = new Date(founded * 86_400_000).getUTCFullYear();
  for (let year = firstYear; ; year++) {
    const from = Math.max(yearStart(year), founded + 1);
    const to = Math.min(yearStart(year + 1) - 1, endDay);
    if (from > to && !lateRating) break;
    const span = Math.max(to - from + 1, 0);
    const draws = [];
    const at = (day) => day * 86_400_000 + recordDelay();
    const dayIn = () => from + Math.floor(random() * span);
    if (lateRating) {
      // last year's rating, decided on 15/12, recorded in the first weeks of this year
      draws.push([stream, lateRating, yearStart(year) * 86_400_000 + Math.floor(random() * 40 * 86_400_000)]);
      lateRating = null;
    }
    if (span > 0) {
      const fraction = span / 365;
      const admissions = Math.floor(admissionRate * fraction + random());
      for (let n = 0; n < admissions; n++) {
        const day = dayIn();
        draws.push([stream, admit(day, 'application'), at(day)]);
      }
      const departures = Math.floor(departureRate * fraction + random());
      for (let n = 0; n < departures && members.length > 3; n++) {
        const day = dayIn();
        const [gone] = members.splice(Math.floor(random() * members.length), 1);
        draws.push([stream, { type: 'MemberDeparted', occurredOn: isoDay(day), data: { organisationId: id, memberId: memberId(gone), reason: random() < 0.8 ? 'voluntary' : 'death' } }, at(day)]);
      }
      if (hasLinkage && year >= 2016 && random() < 0.25) {
        const day = dayIn();
        const linkageId = `${id}-l${year}`;
        const ends = random() < 0.4 ? day + 365 + Math.floor(random() * 700) : undefined;
        draws.push([stream, { type: 'ValueChainLinkageStarted', occurredOn: isoDay(day), data: { organisationId: id, linkageId, contractReference: `HD-${year}-${index}`, counterpartyKind: random() < 0.7 ? 'enterprise' : random() < 0.5 ? 'state-owned-enterprise' : 'farmers', stages: ['production', 'processing', 'consumption'], startsOn: isoDay(day), ...(ends ? { endsOn: isoDay(ends) } : {}) } }, at(day)]);
      }
      if (hasHighTech && year >= 2018 && random() < 0.3) {
        const day = dayIn();
        draws.push([stream, { type: 'HighTechRecognitionGranted', occurredOn: isoDay(day), data: { organisationId: id, recognitionId: `${id}-h${year}`, basis: 'decision-738-criteria', issuer: 'Sở Nông nghiệp', validFrom: isoDay(day), validUntil: isoDay(day + 5 * 365) } }, at(day)]);
      }
      if (year >= 2021 && random() < 0.5) {
        const day = dayIn();
        draws.push([stream, { type: 'DigitalAssessmentRecorded', occurredOn: isoDay(day), data: { organisationId: id, checklistVersion: 'dx-2024.1', result: random() < 0.55 ? 'meets' : 'does-not-meet' } }, at(day)]);
      }
      if (random() < 0.5) {
        const day = dayIn();
        draws.push([stream, { type: 'RegistrationUpdateSubmitted', occurredOn: isoDay(day), data: { organisationId: id, windowYear: year } }, at(day)]);
      }
      if (suspends && year === firstYear + 2 && span > 200) {
        const day = from + Math.floor(random() * (span - 150));
        draws.push([stream, { type: 'OperationsSuspended', occurredOn: isoDay(day), data: { organisationId: id, until: isoDay(day + 180) } }, at(day)]);
        draws.push([stream, { type: 'OperationsResumed', occurredOn: isoDay(day + 120), data: { organisationId: id } }, at(day + 120)]);
      }
      if (moves && year === firstYear + 3 && span > 30) {
        const day = dayIn();
        draws.push([stream, { type: 'HeadOfficeMoved', occurredOn: isoDay(day), data: { organisationId: id, fromUnit: unit, toUnit: OUTSIDE_UNITS[0] } }, at(day)]);
      }
      const ratable = (kind === 'cooperative' || kind === 'cooperative-union') && year > firstYear && to === yearStart(year + 1) - 1;
      if (ratable && year <= 2030) {
        const score = Math.floor(30 + random() * 70);
        const level = score >= 80 ? 'good' : score >= 65 ? 'fair' : score >= 50 ? 'average' : 'weak';
        lateRating = { type: 'RatingRecorded', occurredOn: isoDay(yearStart(year) + 348), data: { organisationId: id, year, scheme: 'circular-01-2020', level, score } };
      }
    }
    draws.sort((left, right) => left[2] - right[2]);
    for (const draw of draws) yield [draw];
    if (to >= endDay && !lateRating) break;
  }
  if (!ending) return;
  const endAt = endDay * 86_400_000 + 12 * 3_600_000;
  if (ending === 'dissolution') {
    yield [[stream, { type: 'DissolutionStarted', occurredOn: isoDay(endDay - 60), data: { organisationId: id, mode: 'voluntary' } }, endAt]];
    yield [[stream, { type: 'DissolutionCompleted', occurredOn: isoDay(endDay), data: { organisationId: id, mode: 'voluntary' } }, endAt + 60_000]];
    return;
  }
  // merger into an older target (same kind): one decision, written to both streams in one append, members move
  let targetIndex = index - 14;
  while (targetIndex >= 0 && !(isMergeTarget(targetIndex) && foundingDay(seed, targetIndex) < endDay - 30)) targetIndex -= 200;
  if (targetIndex < 0 || targetIndex >= count) {
    yield [[stream, { type: 'DissolutionCompleted', occurredOn: isoDay(endDay), data: { organisationId: id, mode: 'voluntary' } }, endAt]];
    return;
  }
  const targetId = organisationId(targetIndex);
  const target = organisationStream(targetId);
  const reorganisationId = `reorg-${index}`;
  const decision = (role) => ({ type: 'OrganisationReorganised', occurredOn: isoDay(endDay), data: { organisationId: role === 'absorbing' ? targetId : id, reorganisationId, shape: 'merger', role, sourceIds: [id], successorIds: [targetId] } });
  const group = [[stream, decision('source-ceases'), endAt], [target, decision('absorbing'), endAt]];
  for (const n of members) {
    group.push([stream, { type: 'MemberDeparted', occurredOn: isoDay(endDay), data: { organisationId: id, memberId: memberId(n), reason: 'reorganisation' } }, endAt]);
    group.push([target, { type: 'MemberAdmitted', occurredOn: isoDay(endDay), data: { organisationId: targetId, memberId: memberId(n), memberKind: 'official', partyType: 'individual', capitalCommitted: 1_000_000, origin: 'reorganisation' } }, endAt]);
  }
  // each stream's part stays contiguous, as appendMany writes it
  group.sort((left, right) => (left[0] === right[0] ? 0 : left[0] === stream ? -1 : 1));
  yield group;
}

function* territoryHistory() {
  const at = dayNumber(UNIT_REORGANISATION_DAY) * 86_400_000 - 3 * 86_400_000;
  yield [[TERRITORY_STREAM, vinhBaoUnitReorganisation2025, at]];
}

/** A binary min-heap of [time, order, iterator, item]. */
class Heap {
  items = [];
  push(entry) {
    const items = this.items;
    items.push(entry);
    let at = items.length - 1;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!less(items[at], items[parent])) break;
      [items[at], items[parent]] = [items[parent], items[at]];
      at = parent;
    }
  }
  pop() {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0) {
      items[0] = last;
      let at = 0;
      for (;;) {
        const left = 2 * at + 1;
        const right = left + 1;
        let smallest = at;
        if (left < items.length && less(items[left], items[smallest])) smallest = left;
        if (right < items.length && less(items[right], items[smallest])) smallest = right;
        if (smallest === at) break;
        [items[at], items[smallest]] = [items[smallest], items[at]];
        at = smallest;
      }
    }
    return top;
  }
  get size() {
    return this.items.length;
  }
}
const less = (left, right) => left[0] < right[0] || (left[0] === right[0] && left[1] < right[1]);

/**
 * Every event of the workload in record order, as [stream, domain event, recordedAt ms]; organisations start
 * lazily at their founding, so memory holds one year of drawn events per organisation, not the history.
 */
export function* workloadItems({ organisations, seed = 20_301_231, memberScale = 1 }) {
  const heap = new Heap();
  const pending = [];
  for (let index = 0; index < organisations; index++) pending.push([foundingDay(seed, index), index]);
  pending.sort((left, right) => left[0] - right[0] || left[1] - right[1]);
  const advance = (iterator, order) => {
    const next = iterator.next();
    if (!next.done) heap.push([next.value[0][2], order, iterator, next.value]);
  };
  advance(territoryHistory(), -1);
  let nextPending = 0;
  const startDue = (beforeMs) => {
    while (nextPending < pending.length && pending[nextPending][0] * 86_400_000 <= beforeMs) {
      const index = pending[nextPending++][1];
      advance(organisationHistory(seed, index, organisations, memberScale), index);
    }
  };
  for (;;) {
    startDue(heap.size > 0 ? heap.items[0][0] : Infinity);
    if (heap.size === 0) break;
    const [time, order, iterator, group] = heap.pop();
    // record order is strictly increasing in time, ties broken by organisation
    for (const [stream, event] of group) yield [stream, event, time];
    advance(iterator, order);
  }
}

/** Generates the workload file (or reuses the cached one) and returns its path, event count and size. */
export const ensureWorkload = async ({ organisations, seed = 20_301_231, memberScale = 1, log = () => {} }) => {
  mkdirSync(DATA_DIR, { recursive: true });
  const scale = memberScale === 1 ? '' : `-x${memberScale}`;
  const path = join(DATA_DIR, `workload-v${WORKLOAD_VERSION}-${organisations}-${seed}${scale}.ndjson`);
  if (existsSync(path)) return { path, bytes: statSync(path).size };
  log(`generating ${path}`);
  const started = performance.now();
  const temporary = `${path}.partial`;
  const out = createWriteStream(temporary, { highWaterMark: 1 << 20 });
  const versions = new Map();
  let previousHash = GENESIS_HASH;
  let position = 0;
  let buffer = '';
  let lastMs = 0;
  for (const [stream, event, time] of workloadItems({ organisations, seed, memberScale })) {
    position++;
    // record times never go backwards in the global order
    lastMs = Math.max(lastMs + 1, time);
    const version = (versions.get(stream) ?? 0) + 1;
    versions.set(stream, version);
    const recorded = toRecordedEvent(
      { ...event, eventId: `ev-${position}`, recordedAt: instant(lastMs), metadata: {} },
      stream,
      version,
      position,
      previousHash,
    );
    previousHash = recorded.hash;
    buffer += `${JSON.stringify(recorded)}\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await new Promise((resolve) => out.once('drain', resolve));
      buffer = '';
    }
  }
  out.write(buffer);
  await new Promise((resolve, reject) => out.end((error) => (error ? reject(error) : resolve())));
  renameSync(temporary, path);
  log(`generated ${position} events in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { path, bytes: statSync(path).size };
};
