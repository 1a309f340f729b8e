import { DomainError } from '../errors';
import type { ReorganiseAdministrativeUnits, TerritoryCommand } from './commands';
import type { TerritoryEvent } from './events';

/** What the administrative-units stream needs to decide: the reorganisations already recorded. */
export interface Territory {
  readonly reorganisationIds: readonly string[];
}

/** The state before the first reorganisation. */
export const initialTerritory = (): Territory => ({ reorganisationIds: [] });

/** Applies one event of the administrative-units stream. */
export const evolveTerritory = (state: Territory, event: TerritoryEvent): Territory => {
  switch (event.type) {
    case 'AdministrativeUnitsReorganised':
      return { reorganisationIds: [...state.reorganisationIds, event.data.reorganisationId] };
  }
};

const reorganiseAdministrativeUnits = ({ on, data }: ReorganiseAdministrativeUnits, state: Territory): TerritoryEvent[] => {
  const { reorganisationId, decisionRef, merges, abolished } = data;
  const invalid = (reason: string): never => {
    throw new DomainError({ code: 'UnitReorganisationInvalid', reorganisationId, reason });
  };
  if (state.reorganisationIds.includes(reorganisationId)) invalid('this reorganisation is already recorded');
  if (merges.length === 0 && abolished.length === 0) invalid('nothing is merged or abolished');
  const mergedInto = new Map<string, string>();
  const formed = new Set<string>();
  for (const { unit, from } of merges) {
    if (formed.has(unit.code)) invalid(`unit ${unit.code} is formed twice`);
    formed.add(unit.code);
    for (const code of from) {
      const earlier = mergedInto.get(code);
      if (earlier !== undefined) invalid(`unit ${code} is merged into both ${earlier} and ${unit.code}`);
      mergedInto.set(code, unit.code);
    }
  }
  const abolishedOnce = new Set<string>();
  for (const code of abolished) {
    if (abolishedOnce.has(code)) invalid(`unit ${code} is abolished twice`);
    abolishedOnce.add(code);
    if (mergedInto.has(code)) invalid(`unit ${code} is both merged into ${mergedInto.get(code)} and abolished`);
    if (formed.has(code)) invalid(`unit ${code} is both formed and abolished`);
  }
  return [
    {
      type: 'AdministrativeUnitsReorganised',
      occurredOn: on,
      data: { reorganisationId, decisionRef, merges: merges.map(({ unit, from }) => ({ unit: { ...unit }, from: [...from] })), abolished: [...abolished] },
    },
  ];
};

/** Decides a territory command; throws DomainError `UnitReorganisationInvalid` for an empty or self-contradictory change. */
export const decideTerritory = (command: TerritoryCommand, state: Territory): TerritoryEvent[] => {
  switch (command.type) {
    case 'ReorganiseAdministrativeUnits':
      return reorganiseAdministrativeUnits(command, state);
  }
};
