import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { computeTrajectories, openStore, renderHtmlReport } from '@hoptac/cli';
import {
  ADMINISTRATIVE_UNITS_STREAM,
  CommandHandler,
  OrganisationCommand,
  isConcurrencyError,
  isDomainError,
  isInvalidEventError,
  type AdministrativeUnitsReorganised,
  type EventStore,
} from '@hoptac/core';
import {
  buildReport,
  indicatorsProjection,
  vinhBaoPlan,
  vinhBaoUnitReorganisation2025,
  type IndicatorsState,
  type PlanDefinition,
} from '@hoptac/indicators-nq20';

/** How the service is set up: where events live (a SQLite path, a postgres:// URL, or a store), the plan, the clock. */
export interface ServiceConfig {
  /** a SQLite file path or a postgres:// URL; or an already opened store (which the service then leaves open) */
  store: string | EventStore;
  plan?: PlanDefinition;
  clock?: () => Date;
  /** the directory a relative SQLite path starts from; default the process's cwd */
  cwd?: string;
  /** unit reorganisations recorded on first start, when the store has none (default: Vĩnh Bảo's of 1/7/2025) */
  territory?: readonly AdministrativeUnitsReorganised[];
}

/** A running service: its base URL, and how to stop it. */
export interface RunningService {
  url: string;
  server: Server;
  close(): Promise<void>;
}

const MAX_BODY = 1_000_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body.error));
  }
}

const send = (response: ServerResponse, status: number, body: unknown, type = 'application/json; charset=utf-8'): void => {
  const text = typeof body === 'string' ? body : `${JSON.stringify(body)}\n`;
  response.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
  response.end(text);
};

const readBody = async (request: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new HttpError(413, { error: 'body-too-large', reason: `at most ${MAX_BODY} bytes` });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
};

/**
 * Starts the district service on `host:port` (port 0 picks a free one):
 * - POST /commands — one organisation command as JSON; 201 with what was appended, 400 naming the bad field,
 *   409 with the rejection code when a rule refuses it, 409 on a concurrent write;
 * - GET /report?asOf=YYYY-MM-DD[&knownAt=ISO] — the indicator report as JSON;
 * - GET /report.html?asOf=… — the same as the self-contained HTML page;
 * - GET /health.
 */
export const startDistrictService = async (
  config: ServiceConfig,
  listen: { port?: number; host?: string } = {},
): Promise<RunningService> => {
  const ownsStore = typeof config.store === 'string';
  const store = typeof config.store === 'string' ? await openStore(config.store, config.cwd ?? process.cwd(), { create: true }) : config.store;
  const plan = config.plan ?? vinhBaoPlan;
  const clock = config.clock ?? (() => new Date());
  const handler = new CommandHandler(store, { clock, metadata: { source: 'district-service' } });
  if ((await store.streamVersion(ADMINISTRATIVE_UNITS_STREAM)) === 0) {
    const events = (config.territory ?? [vinhBaoUnitReorganisation2025]).map((event) => ({
      ...event,
      eventId: `territory-${event.data.reorganisationId}`,
      recordedAt: clock().toISOString(),
      metadata: { source: 'district-service' },
    }));
    if (events.length > 0) await store.append(ADMINISTRATIVE_UNITS_STREAM, events, { expectedVersion: 0 });
  }
  let state: IndicatorsState = indicatorsProjection.initialState();
  let position = 0;

  // the indicators' state follows the store: read whatever was appended since the last request (by us or others)
  const catchUp = async (): Promise<IndicatorsState> => {
    for await (const event of store.readAll({ from: position + 1 })) {
      state = indicatorsProjection.apply(state, event);
      position = event.globalPosition;
    }
    return state;
  };

  const clocksOf = (url: URL) => {
    const asOf = url.searchParams.get('asOf') ?? new Date(clock().getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
    const knownAt = url.searchParams.get('knownAt') ?? clock().toISOString();
    if (!DATE.test(asOf) || Number.isNaN(Date.parse(asOf)))
      throw new HttpError(400, { error: 'invalid-query', field: 'asOf', reason: 'a calendar date YYYY-MM-DD' });
    if (Number.isNaN(Date.parse(knownAt)) || !/T.*(Z|[+-]\d{2}:\d{2})$/.test(knownAt))
      throw new HttpError(400, { error: 'invalid-query', field: 'knownAt', reason: 'an ISO 8601 instant with a zone' });
    return { asOf, knownAt: new Date(knownAt).toISOString() };
  };

  const postCommand = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const text = await readBody(request);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new HttpError(400, { error: 'invalid-json', reason: (error as Error).message });
    }
    const parsed = OrganisationCommand.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new HttpError(400, { error: 'invalid-command', field: issue?.path.map(String).join('.') || '(command)', reason: issue?.message ?? 'invalid' });
    }
    const actor = request.headers['x-actor'];
    const results = await handler.handle(parsed.data, typeof actor === 'string' && actor.length > 0 ? { actor: actor.slice(0, 200) } : {});
    send(response, 201, {
      appended: results.map((result) => ({
        stream: result.stream,
        streamVersion: result.streamVersion,
        events: result.events.map((event) => ({ eventId: event.eventId, type: event.type, globalPosition: event.globalPosition })),
      })),
    });
  };

  const route = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = request.method ?? 'GET';
    const allow = (methods: string) => {
      if (!methods.split(',').includes(method)) throw new HttpError(405, { error: 'method-not-allowed', allowed: methods });
    };
    switch (url.pathname) {
      case '/health':
        allow('GET');
        return send(response, 200, { status: 'ok', position });
      case '/commands':
        allow('POST');
        return postCommand(request, response);
      case '/report': {
        allow('GET');
        const clocks = clocksOf(url);
        return send(response, 200, buildReport(await catchUp(), plan, clocks));
      }
      case '/report.html': {
        allow('GET');
        const clocks = clocksOf(url);
        const current = await catchUp();
        const html = renderHtmlReport({
          report: buildReport(current, plan, clocks),
          trajectories: computeTrajectories(current, plan, clocks),
          plan,
          generatedAt: clock().toISOString(),
        });
        return send(response, 200, html, 'text/html; charset=utf-8');
      }
      default:
        throw new HttpError(404, { error: 'not-found', path: url.pathname });
    }
  };

  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      if (error instanceof HttpError) return send(response, error.status, error.body);
      if (isDomainError(error)) return send(response, 409, { error: 'rejected', rejection: error.rejection });
      if (isConcurrencyError(error))
        return send(response, 409, { error: 'concurrency', stream: error.streamName, expected: error.expected, actual: error.actual });
      if (isInvalidEventError(error)) return send(response, 400, { error: 'invalid-event', field: error.field, reason: error.reason });
      send(response, 500, { error: 'internal', reason: error instanceof Error ? error.message : String(error) });
    });
  });
  await new Promise<void>((resolve) => server.listen(listen.port ?? 0, listen.host ?? '127.0.0.1', resolve));
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}`,
    server,
    close: async () => {
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
      if (ownsStore) await store.close();
    },
  };
};
