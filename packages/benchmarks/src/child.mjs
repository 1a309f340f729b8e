// One benchmark task per process: `node child.mjs <task> '<json args>'` prints one JSON result line last.
import { mkdirSync, rmSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { OLD_UNITS } from './workload.mjs';
import { forEachLine, loadEvents, measure as measureRuns, report, withProfile } from './lib.mjs';
import { handApply, handIndicators, handInitial } from './hand-fold.mjs';

const [task, rawArgs] = process.argv.slice(2);
const args = JSON.parse(rawArgs ?? '{}');
const TERRITORY = OLD_UNITS;
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc');
// with args.profile set, the measured part (not the setup) runs under the profiler
const measure = (run, options) => withProfile(args.profile, () => measureRuns(run, { budgetSeconds: args.budget ?? Infinity, ...options }));
const timed = (run) =>
  withProfile(args.profile, async () => {
    const started = performance.now();
    const result = await run();
    return { seconds: (performance.now() - started) / 1000, ...result };
  });

const tasks = {
  // the physical limit: read the file, cut lines from Buffer chunks, JSON.parse each
  async parse() {
    return timed(async () => {
      let events = 0;
      await forEachLine(args.path, (line) => {
        JSON.parse(line);
        events++;
      });
      return { events };
    });
  },

  // the hand-written limit: the same plus the six indicators folded into mutable Maps
  async hand() {
    return timed(async () => {
      const state = handInitial();
      let events = 0;
      await forEachLine(args.path, (line) => {
        handApply(state, JSON.parse(line));
        events++;
      });
      return { events, indicators: handIndicators(state, args.asOf, TERRITORY) };
    });
  },

  // core's ndjsonLines (an async generator per line) with JSON.parse only: the cost of the line reader
  async coreLines() {
    const { ndjsonLines } = await import('@hoptac/core');
    const { createReadStream } = await import('node:fs');
    return timed(async () => {
      let events = 0;
      for await (const line of ndjsonLines(createReadStream(args.path, { highWaterMark: 1 << 20 }))) {
        JSON.parse(line);
        events++;
      }
      return { events };
    });
  },

  // hoptac replay, as a user runs it: core's readNdjsonEvents (lines cut from Buffer chunks, JSON.parse, validation,
  // order, optionally the hash chain; one array per chunk) into @hoptac/projections' replayFrom, streaming
  async replay() {
    const core = await import('@hoptac/core');
    const { replayFrom } = await import('@hoptac/projections');
    const { createReadStream } = await import('node:fs');
    const subject = await indicatorsSubject();
    return timed(async () => {
      const source = core.readNdjsonEvents(createReadStream(args.path, { highWaterMark: 1 << 20 }), { verifyChain: args.verifyChain === true });
      const { events } = await replayFrom(subject.projection, source);
      return { events, projection: subject.projection.name };
    });
  },

  // fold only, over parsed events in memory: hand fold vs the indicators projection; per-event costs of core
  async fold() {
    const events = await loadEvents(args.path, args.limit ?? Infinity);
    const result = { events: events.length };
    const handRun = await measureRuns(() => {
      const state = handInitial();
      for (const event of events) handApply(state, event);
      return handIndicators(state, args.asOf, TERRITORY);
    }, { runs: args.runs });
    result.hand = handRun;
    const subject = await indicatorsSubject().catch((error) => ({ error: error.message }));
    if (subject.projection) {
      const core = await import('@hoptac/core');
      // validated once, as a replay would hand them over
      const recorded = events.map((event) => core.parseRecordedEvent(event));
      const apply = subject.projection.apply;
      result.hoptac = await measure(() => {
        let state = subject.projection.initialState();
        for (const event of recorded) state = apply(state, event);
        return state;
      }, { runs: args.runs });
    } else result.hoptacError = subject.error;
    return result;
  },

  // the cost of each piece of core's read path, per event, in memory
  async micro() {
    const core = await import('@hoptac/core');
    const limit = args.limit ?? 200_000;
    const events = await loadEvents(args.path, limit);
    const lines = [];
    await forEachLine(args.path, (line) => {
      if (lines.length < limit) lines.push(line);
    });
    const runs = args.runs ?? 5;
    // the lines as the 1 MB chunks a file stream would give
    const text = Buffer.from(`${lines.join('\n')}\n`);
    const chunks = [];
    for (let start = 0; start < text.length; start += 1 << 20) chunks.push(text.subarray(start, start + (1 << 20)));
    const per = async (name, run) => {
      const { seconds, samples } = await measureRuns(run, { runs });
      return [name, { seconds, eventsPerSecond: events.length / seconds, samples }];
    };
    const domain = events.map(({ type, occurredOn, data }) => ({ type, occurredOn, data }));
    const { Envelope } = core;
    const zodDomain = domain.map((event) => core.HoptacEvent.safeParse(event).data);
    const zodEnvelope = events.map(({ type: _t, occurredOn: _o, data: _d, ...envelope }) => Envelope.safeParse(envelope).data);
    const entries = [
      await per('JSON.parse', () => {
        for (const line of lines) JSON.parse(line);
      }),
      await per('HoptacEvent.safeParse (zod, domain event)', () => {
        for (const event of domain) core.HoptacEvent.safeParse(event);
      }),
      await per('Envelope.safeParse (zod, envelope)', () => {
        for (const { type: _t, occurredOn: _o, data: _d, ...envelope } of events) Envelope.safeParse(envelope);
      }),
      await per('parseRecordedEvent', () => {
        for (const event of events) core.parseRecordedEvent(event);
      }),
      await per('canonicalJson', () => {
        for (const event of events) core.canonicalJson(event);
      }),
      await per('chainHash', () => {
        let previous = core.GENESIS_HASH;
        for (const event of events) previous = core.chainHash(previous, event);
      }),
      await per('toRecordedEvent', () => {
        let previous = core.GENESIS_HASH;
        for (const event of events) previous = core.toRecordedEvent(event, event.stream, event.streamVersion, event.globalPosition, previous).hash;
      }),
      // object building as our hot paths do it: V8 in Node 20 takes a slow path for `{ ...a, ...b, more }`
      await per('{ ...domainEvent, ...envelope, schemaVersion } (end of parseRecordedEvent)', () => {
        for (let index = 0; index < zodDomain.length; index++) sink = { ...zodDomain[index], ...zodEnvelope[index], schemaVersion: 1 };
      }),
      await per('the same object as an explicit literal', () => {
        for (let index = 0; index < zodDomain.length; index++) {
          const d = zodDomain[index];
          const e = zodEnvelope[index];
          sink = { eventId: e.eventId, type: d.type, schemaVersion: 1, stream: e.stream, streamVersion: e.streamVersion, globalPosition: e.globalPosition, occurredOn: d.occurredOn, recordedAt: e.recordedAt, data: d.data, metadata: e.metadata, hash: e.hash };
        }
      }),
      await per('{ ...stamp, memberId, … } (a fact of applyIndicatorEvent)', () => {
        for (const e of events) {
          const stamp = { eventId: e.eventId, globalPosition: e.globalPosition, occurredOn: e.occurredOn, recordedAt: e.recordedAt, recordedMs: 0 };
          sink = { ...stamp, memberId: e.eventId, memberKind: e.type, partyType: e.stream, origin: e.recordedAt };
        }
      }),
      await per('the same fact as an explicit literal', () => {
        for (const e of events) {
          const stamp = { eventId: e.eventId, globalPosition: e.globalPosition, occurredOn: e.occurredOn, recordedAt: e.recordedAt, recordedMs: 0 };
          sink = { eventId: stamp.eventId, globalPosition: stamp.globalPosition, occurredOn: stamp.occurredOn, recordedAt: stamp.recordedAt, recordedMs: stamp.recordedMs, memberId: e.eventId, memberKind: e.type, partyType: e.stream, origin: e.recordedAt };
        }
      }),
      await per('parseNewEvent', () => {
        for (const { eventId, type, occurredOn, data, recordedAt, metadata } of events)
          core.parseNewEvent({ eventId, type, occurredOn, data, recordedAt, metadata });
      }),
      // the replay's reader over the same lines held in memory (no I/O): cutting, JSON.parse, validation, order
      await per('readNdjsonEvents (cut + JSON.parse + validation), from memory', async () => {
        for await (const batch of core.readNdjsonEvents(chunks, { verifyChain: false })) sink = batch;
      }),
      await per('readNdjsonEvents with verifyChain, from memory', async () => {
        for await (const batch of core.readNdjsonEvents(chunks)) sink = batch;
      }),
    ];
    return { events: events.length, micro: Object.fromEntries(entries) };
  },

  // Emmett's in-memory store filled with the workload, one append per recorded batch (timed), the heap it holds
  // once the input is dropped, then Emmett's aggregateStream over every stream
  async emmettAppend() {
    const { getInMemoryEventStore } = await import('@event-driven-io/emmett');
    const heapBefore = settledHeapMb();
    // the input lives only in fill's frame: once it returns, what stays is what the store holds (an unset variable is
    // not enough: a stale interpreter register of this frame keeps the input alive through the next collection)
    const fill = async () => {
      const batches = await streamBatches(args.path, args.limit);
      const store = getInMemoryEventStore();
      const filled = await timed(async () => {
        for (const { stream, events } of batches) await store.appendToStream(stream, events.map(toEmmett));
        return { events: countEvents(batches) };
      });
      return { store, filled, streams: [...new Set(batches.map((batch) => batch.stream))] };
    };
    const { store, filled, streams } = await fill();
    const heapMb = settledHeapMb() - heapBefore;
    const aggregate = await measureRuns(async () => {
      for (const stream of streams) await store.aggregateStream(stream, { evolve: countMembers, initialState: () => 0 });
    }, { runs: args.runs ?? 3 });
    return { ...filled, heapMb, streams: streams.length, aggregate };
  },

  // the same appends into hoptac's MemoryEventStore with the expected version of each stream, the heap it holds,
  // then every stream read and folded (as Emmett's aggregateStream), and every organisation through the decider
  async memoryAppend() {
    const core = await import('@hoptac/core');
    const heapBefore = settledHeapMb();
    // the input lives only in fill's frame (see emmettAppend)
    const fill = async () => {
      const batches = await streamBatches(args.path, args.limit);
      const store = new core.MemoryEventStore();
      const filled = await timed(async () => {
        for (const { stream, events, expectedVersion } of batches) await store.append(stream, events.map(toNewEvent), { expectedVersion });
        return { events: countEvents(batches) };
      });
      return { store, filled, streams: [...new Set(batches.map((batch) => batch.stream))] };
    };
    const { store, filled, streams } = await fill();
    const heapMb = settledHeapMb() - heapBefore;
    const aggregate = await measureRuns(async () => {
      for (const stream of streams) {
        let state = 0;
        for (const event of await store.readStream(stream)) state = countMembers(state, event);
      }
    }, { runs: args.runs ?? 3 });
    const ids = streams.filter((stream) => stream.startsWith('organisation-')).map((stream) => stream.slice('organisation-'.length));
    const decider = await measureRuns(async () => {
      for (const id of ids) await core.loadOrganisation(store, id);
    }, { runs: args.runs ?? 3 });
    return { ...filled, heapMb, streams: streams.length, aggregate, decider };
  },

  // an inline projection with one document per organisation, after the foundings of every organisation
  async inline() {
    // every founding first (one document each), then the first `timedBatches` other appends of the history, timed
    const foundings = [];
    const rest = [];
    await forEachLine(args.path, (line) => {
      if (!line.includes('"type":"OrganisationFounded"') && rest.length >= args.timedBatches && !line.includes('"streamVersion":1,')) return;
      const event = JSON.parse(line);
      if (event.type === 'OrganisationFounded') foundings.push({ stream: event.stream, events: [event] });
      else if (event.stream.startsWith('organisation-')) {
        const last = rest.at(-1);
        if (last && last.stream === event.stream) last.events.push(event);
        else if (rest.length < args.timedBatches) rest.push({ stream: event.stream, events: [event] });
      }
    });
    const timedEvents = countEvents(rest);
    const evolveDocument = (document, event) => {
      if (event.type === 'MemberAdmitted') return { ...document, members: document.members + 1 };
      if (event.type === 'MemberDeparted') return { ...document, members: document.members - 1 };
      return document;
    };
    if (args.library === 'emmett') {
      const { getInMemoryEventStore, inMemorySingleStreamProjection } = await import('@event-driven-io/emmett');
      const projection = inMemorySingleStreamProjection({
        collectionName: 'organisations',
        canHandle: ['OrganisationFounded', 'MemberAdmitted', 'MemberDeparted'],
        initialState: () => ({ members: 0 }),
        evolve: (document, event) => evolveDocument(document, event),
      });
      const store = getInMemoryEventStore({ projections: [{ type: 'inline', projection }] });
      for (const { stream, events } of foundings) await store.appendToStream(stream, events.map(toEmmett));
      return timed(async () => {
        for (const { stream, events } of rest) await store.appendToStream(stream, events.map(toEmmett));
        return { events: timedEvents, documents: foundings.length };
      });
    }
    const { MemoryEventStore } = await import('@hoptac/core');
    const { InlineProjections } = await import('@hoptac/projections');
    // the same document per organisation, as a hoptac projection applied inline by the store wrapper
    const documentsProjection = {
      name: 'members-per-organisation',
      version: 1,
      initialState: () => new Map(),
      apply: (documents, event) => {
        const id = event.data.organisationId;
        documents.set(id, evolveDocument(documents.get(id) ?? { members: 0 }, event));
        return documents;
      },
      eventTypes: ['OrganisationFounded', 'MemberAdmitted', 'MemberDeparted'],
      bitemporal: false,
    };
    const store = new InlineProjections(new MemoryEventStore(), [documentsProjection]);
    const append = (stream, events, expectedVersion) => store.append(stream, events.map(toNewEvent), { expectedVersion });
    for (const { stream, events } of foundings) await append(stream, events, 0);
    return timed(async () => {
      for (const { stream, events } of rest) await append(stream, events, 'any');
      return { events: timedEvents, documents: store.state(documentsProjection.name).size };
    });
  },

  // raw better-sqlite3: the same rows as the store writes, read from the file and inserted in one transaction
  async sqliteRaw() {
    const { default: Database } = await import('better-sqlite3');
    const path = temporaryFile('raw.sqlite');
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(SQLITE_EVENTS_TABLE);
    const insert = db.prepare('INSERT INTO events (global_position, event_id, stream, stream_version, type, schema_version, occurred_on, recorded_at, tenant, data, metadata, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)');
    const result = await timed(async () => {
      let events = 0;
      db.exec('BEGIN');
      await forEachLine(args.path, (line) => {
        if (events >= (args.limit ?? Infinity)) return;
        const e = JSON.parse(line);
        insert.run(e.globalPosition, e.eventId, e.stream, e.streamVersion, e.type, e.schemaVersion, e.occurredOn, e.recordedAt, e.metadata.tenant ?? null, JSON.stringify(e.data), JSON.stringify(e.metadata), e.hash);
        events++;
      });
      db.exec('COMMIT');
      return { events };
    });
    db.close();
    removeFile(path);
    return result;
  },

  // hoptac import into a store: importNdjson (validate the whole file and its chain, then append in chunks)
  async importStore() {
    const core = await import('@hoptac/core');
    const { createReadStream } = await import('node:fs');
    const { store, dispose } = await openStore(args.store);
    const lines = () => limitLines(core.ndjsonLines(createReadStream(args.path, { highWaterMark: 1 << 20 })), args.limit);
    try {
      return await timed(async () => {
        const summary = await core.importNdjson(store, lines, args.chunkSize ? { chunkSize: args.chunkSize } : {});
        return { events: summary.written };
      });
    } finally {
      await dispose();
    }
  },

  // single commands (load, decide, append with the expected version) through CommandHandler, after an import
  async commands() {
    const core = await import('@hoptac/core');
    const { createReadStream } = await import('node:fs');
    const { store, dispose } = await openStore(args.store, args.storeOptions);
    try {
      await core.importNdjson(store, () => core.ndjsonLines(createReadStream(args.path, { highWaterMark: 1 << 20 })));
      let clock = Date.parse('2031-07-01T00:00:00Z');
      let next = 0;
      const handler = new core.CommandHandler(store, {
        clock: () => new Date(clock++),
        newEventId: () => `bench-${process.pid}-${next++}`,
        cacheStates: args.cacheStates === true,
      });
      const targets = [];
      for (let index = 0; index < args.organisations; index++) if (index % 100 < 85 && index % 100 !== 51 && index % 200 !== 17) targets.push(`org-${String(index).padStart(6, '0')}`);
      const random = (await import('./workload.mjs')).prng(7);
      let member = 0;
      const command = () => ({
        type: 'AdmitMember',
        on: '2031-07-01',
        data: {
          organisationId: targets[Math.floor(random() * targets.length)],
          member: { memberId: `bench-m${member++}`, memberKind: 'official', partyType: 'individual', capitalCommitted: 1_000_000 },
        },
      });
      // the generated history does not enforce every rule (e.g. capital caps), so a few commands are rejected:
      // they still load and decide, and are counted apart
      let rejected = 0;
      const handle = async () => {
        try {
          await handler.handle(command());
        } catch (error) {
          if (!core.isDomainError(error)) throw error;
          rejected++;
        }
      };
      for (let index = 0; index < Math.min(200, args.commands); index++) await handle();
      // a long-running service with cached states: every organisation loaded once before measuring
      if (args.cacheStates === true) for (let index = 0; index < targets.length * 3; index++) await handle();
      rejected = 0;
      const run = await measure(async () => {
        for (let index = 0; index < args.commands; index++) await handle();
      }, { runs: args.runs ?? 5, warmup: 0 });
      return { ...run, commands: args.commands, rejected, loaded: await store.headPosition() };
    } finally {
      await dispose();
    }
  },

  // raw pg: the same rows, read from the file and inserted with multi-row INSERT … unnest in one transaction
  async pgRaw() {
    const { default: pg } = await import('pg');
    const database = await createDatabase();
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query(PG_EVENTS_TABLE);
      const chunk = args.chunk ?? 2000;
      return await timed(async () => {
        let events = 0;
        let rows = [];
        const flush = async () => {
          if (rows.length === 0) return;
          const columns = Array.from({ length: 11 }, (_, column) => rows.map((row) => row[column]));
          await client.query('INSERT INTO events SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::int[], $5::text[], $6::int[], $7::text[], $8::text[], $9::json[], $10::json[], $11::text[])', columns);
          rows = [];
        };
        await client.query('BEGIN');
        const pending = [];
        await forEachLine(args.path, (line) => {
          if (events >= (args.limit ?? Infinity)) return;
          const e = JSON.parse(line);
          pending.push([e.globalPosition, e.eventId, e.stream, e.streamVersion, e.type, e.schemaVersion, e.occurredOn, e.recordedAt, JSON.stringify(e.data), JSON.stringify(e.metadata), e.hash]);
          events++;
        });
        for (let start = 0; start < pending.length; start += chunk) {
          rows = pending.slice(start, start + chunk);
          await flush();
        }
        await client.query('COMMIT');
        return { events };
      });
    } finally {
      await client.end();
      await database.drop();
    }
  },

  // one report for an arbitrary asOf, and one explain, after a one-time load (replay) of the whole history
  async report() {
    const core = await import('@hoptac/core');
    const indicators = await import('@hoptac/indicators-nq20');
    const projection = indicators.indicatorsProjection;
    const { replayFrom } = await import('@hoptac/projections');
    const { createReadStream } = await import('node:fs');
    const loadStarted = performance.now();
    const { state, events } = await replayFrom(projection, core.readNdjsonEvents(createReadStream(args.path, { highWaterMark: 1 << 20 }), { verifyChain: false }));
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    const knownAt = '2031-12-31T00:00:00.000Z';
    const dates = ['2030-12-31', '2026-06-30', '2028-01-15', '2024-12-31', '2029-07-01', '2031-03-31', '2027-09-30'];
    let index = 0;
    const report = await measure(() => indicators.buildReport(state, indicators.vinhBaoPlan, { asOf: dates[index++ % dates.length], knownAt }), { runs: args.runs ?? 5 });
    const explain = await measureRuns(() => indicators.explain(state, indicators.vinhBaoPlan, 'good-fair-share', { asOf: dates[index++ % dates.length], knownAt }), { runs: args.runs ?? 5 });
    const sample = indicators.buildReport(state, indicators.vinhBaoPlan, { asOf: '2030-12-31', knownAt });
    return { events, loadSeconds, report, explain, sample: JSON.stringify(sample).slice(0, 400) };
  },

  async national() {
    return tasks.replay();
  },
};


const SQLITE_EVENTS_TABLE = `CREATE TABLE events (
  global_position INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, stream TEXT NOT NULL, stream_version INTEGER NOT NULL,
  type TEXT NOT NULL, schema_version INTEGER NOT NULL, occurred_on TEXT NOT NULL, recorded_at TEXT NOT NULL, tenant TEXT,
  data TEXT NOT NULL, metadata TEXT NOT NULL, hash TEXT NOT NULL, UNIQUE (stream, stream_version)) STRICT`;
const PG_EVENTS_TABLE = `CREATE TABLE events (
  global_position bigint PRIMARY KEY, event_id text NOT NULL UNIQUE, stream text NOT NULL, stream_version integer NOT NULL,
  type text NOT NULL, schema_version integer NOT NULL, occurred_on text NOT NULL, recorded_at text NOT NULL,
  data json NOT NULL, metadata json NOT NULL, hash text NOT NULL, UNIQUE (stream, stream_version))`;

const temporaryFile = (name) => {
  const directory = join(tmpdir(), `hoptac-bench-${process.pid}`);
  mkdirSync(directory, { recursive: true });
  return join(directory, name);
};
const removeFile = (path) => rmSync(dirname(path), { recursive: true, force: true });

async function* limitLines(lines, limit = Infinity) {
  let count = 0;
  for await (const line of lines) {
    if (count++ >= limit) return;
    yield line;
  }
}

const PG_URL = process.env.HOPTAC_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';

/** A throw-away PostgreSQL database for one run. */
const createDatabase = async () => {
  const { default: pg } = await import('pg');
  const name = `hoptac_bench_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: `${PG_URL}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    url: `${PG_URL}/${name}`,
    drop: async () => {
      const again = new pg.Client({ connectionString: `${PG_URL}/postgres` });
      await again.connect();
      await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await again.end();
    },
  };
};

/** A fresh store of the kind asked for, and how to dispose of it. */
const openStore = async (kind, options = {}) => {
  if (kind === 'memory') {
    const { MemoryEventStore } = await import('@hoptac/core');
    return { store: new MemoryEventStore(), dispose: async () => {} };
  }
  if (kind === 'sqlite') {
    const { openSqliteEventStore } = await import('@hoptac/store-sqlite');
    const path = temporaryFile('store.sqlite');
    const store = openSqliteEventStore(path, options);
    return { store, dispose: async () => { await store.close(); removeFile(path); } };
  }
  if (kind === 'postgres') {
    const { PostgresEventStore } = await import('@hoptac/store-postgres');
    const database = await createDatabase();
    const store = await PostgresEventStore.open({ connectionString: database.url, ...options });
    return { store, dispose: async () => { await store.close(); await database.drop(); } };
  }
  throw new Error(`unknown store ${kind}`);
};

let sink;
// the heap in use after full collections: what the objects alive at this point hold
// the JS heap plus ArrayBuffer contents (typed arrays and Buffers live outside the heap: a store may keep columns there)
const settledHeapMb = () => {
  for (let index = 0; index < 3; index++) collectGarbage();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return Math.round((heapUsed + arrayBuffers) / 2 ** 20);
};
const countMembers = (state, event) => (event.type === 'MemberAdmitted' ? state + 1 : event.type === 'MemberDeparted' ? state - 1 : state);
const countEvents = (batches) => batches.reduce((sum, batch) => sum + batch.events.length, 0);
const toEmmett = ({ type, occurredOn, data }) => ({ type, data: { ...data, occurredOn } });
const toNewEvent = ({ type, occurredOn, data, eventId, recordedAt, metadata }) => ({ type, occurredOn, data, eventId, recordedAt, metadata });

/** The workload as appends: consecutive events of one stream (one recorded batch) form one append. */
const streamBatches = async (path, limit = Infinity) => {
  const batches = [];
  let count = 0;
  await forEachLine(path, (line) => {
    if (count >= limit) return;
    count++;
    const event = JSON.parse(line);
    const last = batches.at(-1);
    if (last && last.stream === event.stream) last.events.push(event);
    else batches.push({ stream: event.stream, recordedAt: event.recordedAt, expectedVersion: event.streamVersion - 1, events: [event] });
  });
  return batches;
};

/** The indicators projection and its queries, from @hoptac/indicators-nq20 once it is built. */
const indicatorsSubject = async () => {
  const module = await import('@hoptac/indicators-nq20');
  const projection = module.indicatorsProjection ?? Object.values(module).find((value) => value && typeof value === 'object' && typeof value.apply === 'function' && typeof value.initialState === 'function');
  if (!projection) throw new Error('@hoptac/indicators-nq20 exports no projection yet');
  return { module, projection };
};

report(await tasks[task]());
