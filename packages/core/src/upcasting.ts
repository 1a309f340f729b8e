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

/** The schema version new events of `type` are written with. */
export const currentSchemaVersion = (type: string): number => CURRENT_SCHEMA_VERSIONS[type] ?? 1;

/** A registry of upcasters: reads an event stored under an older schema version as the current one. */
export class UpcasterRegistry {
  private readonly byKey = new Map<string, Upcaster>();

  constructor(
    upcasters: readonly Upcaster[] = UPCASTERS,
    private readonly versions: Readonly<Record<string, number>> = CURRENT_SCHEMA_VERSIONS,
  ) {
    for (const upcaster of upcasters) this.byKey.set(`${upcaster.type}@${upcaster.fromVersion}`, upcaster);
  }

  /** The current schema version of `type` in this registry. */
  currentVersion(type: string): number {
    return this.versions[type] ?? 1;
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
