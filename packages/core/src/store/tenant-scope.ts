import type { NewEvent, RecordedEvent } from '../events';
import { Id } from '../primitives';
import type { AppendRequest, AppendResult, CheckpointStore, EventStore, ReadAllOptions, ReadStreamOptions, SubscribeOptions, Subscription } from './port';

/** An append through a tenant-scoped store would mix tenants: an event names another tenant, or the stream is another's. */
export class TenantError extends Error {
  override readonly name = 'TenantError';
  constructor(
    /** the tenant the store is scoped to */
    readonly tenant: string,
    /** the tenant the event or the stream belongs to; undefined for a stream written without a tenant */
    readonly otherTenant: string | undefined,
    readonly streamName: string,
    readonly eventId?: string,
  ) {
    super(
      eventId !== undefined
        ? `event ${eventId} names tenant ${otherTenant}, but this store is scoped to tenant ${tenant}`
        : `stream ${streamName} belongs to ${otherTenant === undefined ? 'no tenant' : `tenant ${otherTenant}`}, so tenant ${tenant} cannot append to it`,
    );
  }
}

/** True when `error` is a TenantError. */
export const isTenantError = (error: unknown): error is TenantError => error instanceof Error && error.name === 'TenantError';

/**
 * One tenant's (territory's) view of a shared store. Appends stamp `metadata.tenant` and refuse an event naming
 * another tenant or a stream whose first event is another tenant's (or has none); reads, subscriptions and
 * stream reads see only this tenant's events; checkpoint names are kept apart per tenant. Positions stay global,
 * so a tenant sees gaps between its positions. Closing the view leaves the shared store open.
 */
export const tenantScoped = (store: EventStore, tenant: string): EventStore => {
  if (!Id.safeParse(tenant).success) throw new TypeError(`tenant "${tenant}" is not an id (letters, digits, . _ : - only)`);
  let closed = false;
  const assertOpen = (): void => {
    if (closed) throw new Error(`this view of tenant ${tenant} is closed`);
  };
  // the first event of a stream says whose it is; every append through a scoped store keeps it so
  const ownerOf = async (stream: string): Promise<{ exists: boolean; owner: string | undefined }> => {
    const [first] = await store.readStream(stream, { limit: 1 });
    return { exists: first !== undefined, owner: first?.metadata.tenant };
  };
  const isMine = (event: RecordedEvent): boolean => event.metadata.tenant === tenant;
  const stamp = (stream: string, event: NewEvent): NewEvent => {
    const named = event.metadata?.tenant;
    if (named !== undefined && named !== tenant) throw new TenantError(tenant, named, stream, event.eventId);
    return { ...event, metadata: { ...event.metadata, tenant } };
  };
  const namespaced = (name: string): string => `tenant/${tenant}/${name}`;
  const checkpoints: CheckpointStore = {
    load: (name) => store.checkpoints.load(namespaced(name)),
    save: (name, checkpoint) => store.checkpoints.save(namespaced(name), checkpoint),
  };

  const appendMany = async (requests: readonly AppendRequest[]): Promise<AppendResult[]> => {
    assertOpen();
    const stamped = requests.map((request) => ({ ...request, events: request.events.map((event) => stamp(request.stream, event)) }));
    for (const stream of new Set(requests.map((request) => request.stream))) {
      const { exists, owner } = await ownerOf(stream);
      if (exists && owner !== tenant) throw new TenantError(tenant, owner, stream);
    }
    return store.appendMany(stamped);
  };

  return {
    checkpoints,
    appendMany,
    append: async (stream, events, options) => (await appendMany([{ stream, events, expectedVersion: options.expectedVersion }]))[0] as AppendResult,
    readStream: async (stream: string, options?: ReadStreamOptions) => {
      assertOpen();
      return (await store.readStream(stream, options)).filter(isMine);
    },
    // another tenant's stream looks empty, so a command on it is decided as on nothing, then refused on append
    streamVersion: async (stream) => {
      assertOpen();
      const { owner } = await ownerOf(stream);
      return owner === tenant ? store.streamVersion(stream) : 0;
    },
    readAll: (options: ReadAllOptions = {}) => {
      assertOpen();
      // a filter naming another tenant meets this one's: nothing passes both
      if (options.filter?.tenant !== undefined && options.filter.tenant !== tenant) return (async function* () {})();
      return store.readAll({ ...options, filter: { ...options.filter, tenant } });
    },
    headPosition: () => store.headPosition(),
    subscribe: (options: SubscribeOptions, handler: (event: RecordedEvent) => void | Promise<void>): Subscription => {
      assertOpen();
      const mine = options.filter?.tenant === undefined || options.filter.tenant === tenant;
      return store.subscribe({ ...options, filter: { ...options.filter, tenant } }, (event) => (mine ? handler(event) : undefined));
    },
    close: async () => {
      closed = true;
    },
  };
};
