import { CIRCULAR_01_2020 } from './primitives';

/** Turns the data of one event type from one schema version into the next. */
export interface Upcaster {
  type: string;
  fromVersion: number;
  upcast: (data: Record<string, unknown>) => Record<string, unknown>;
}

/** The current schema version of each event type; types not listed are at version 1. */
export const CURRENT_SCHEMA_VERSIONS: Readonly<Record<string, number>> = {
  RatingRecorded: 2,
};

/** The built-in upcasters, oldest first. */
export const UPCASTERS: readonly Upcaster[] = [
  {
    // version 1 ratings predate keeping the scheme; all of them were made under Circular 01/2020
    type: 'RatingRecorded',
    fromVersion: 1,
    upcast: (data) => ({ ...data, scheme: CIRCULAR_01_2020 }),
  },
];

// a Map: looked up for every event read or written, and a type named like an Object.prototype key finds nothing
const CURRENT_VERSIONS = new Map(Object.entries(CURRENT_SCHEMA_VERSIONS));

/** The schema version new events of `type` are written with. */
export const currentSchemaVersion = (type: string): number => CURRENT_VERSIONS.get(type) ?? 1;

/** A registry of upcasters: reads an event stored under an older schema version as the current one. */
export class UpcasterRegistry {
  private readonly byKey = new Map<string, Upcaster>();
  private readonly versions: Map<string, number>;

  constructor(upcasters: readonly Upcaster[] = UPCASTERS, versions: Readonly<Record<string, number>> = CURRENT_SCHEMA_VERSIONS) {
    for (const upcaster of upcasters) this.byKey.set(`${upcaster.type}@${upcaster.fromVersion}`, upcaster);
    this.versions = new Map(Object.entries(versions));
  }

  /** The current schema version of `type` in this registry. */
  currentVersion(type: string): number {
    return this.versions.get(type) ?? 1;
  }

  /** Data of `type` at `version`, brought step by step to the current version; throws when a step is missing. */
  upcast(type: string, version: number, data: Record<string, unknown>): Record<string, unknown> {
    const target = this.currentVersion(type);
    if (version > target) throw new Error(`${type} schema version ${version} is newer than this library knows (${target})`);
    let current = data;
    for (let step = version; step < target; step++) {
      const upcaster = this.byKey.get(`${type}@${step}`);
      if (!upcaster) throw new Error(`no upcaster for ${type} from schema version ${step}`);
      current = upcaster.upcast(current);
    }
    return current;
  }
}

/** The registry of the built-in upcasters. */
export const defaultUpcasters = new UpcasterRegistry();
