import type { AnyProjection } from './projection';

/** The projections a host runs, by name: a plain value the host builds; nothing global. */
export class ProjectionRegistry {
  private readonly byName = new Map<string, AnyProjection>();

  constructor(projections: Iterable<AnyProjection> = []) {
    for (const projection of projections) this.register(projection);
  }

  /** Adds a projection; a second projection with the same name is refused, since names key checkpoints. */
  register(projection: AnyProjection): this {
    if (!projection.name) throw new TypeError('a projection needs a non-empty name');
    if (!Number.isInteger(projection.version) || projection.version < 1)
      throw new TypeError(`projection ${projection.name}: version must be a positive integer, got ${projection.version}`);
    if (this.byName.has(projection.name)) throw new Error(`projection ${projection.name} is already registered`);
    this.byName.set(projection.name, projection);
    return this;
  }

  /** The projection of that name; throws when there is none. */
  get(name: string): AnyProjection {
    const projection = this.byName.get(name);
    if (projection === undefined) throw new Error(`no projection named ${name} is registered (known: ${this.names().join(', ') || 'none'})`);
    return projection;
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  all(): AnyProjection[] {
    return [...this.byName.values()];
  }
}
