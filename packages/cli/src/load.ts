import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { EventStore } from '@hoptac/core';
import { indicatorsProjection, parsePlan, vinhBaoPlan, type IndicatorsState, type PlanDefinition } from '@hoptac/indicators-nq20';
import { replayFrom } from '@hoptac/projections';
import { InputError } from './errors';

/** The indicators' state from a full replay of the store, and how many events went into it. */
export const loadIndicators = async (store: EventStore): Promise<{ state: IndicatorsState; events: number }> => {
  const { state, events } = await replayFrom(indicatorsProjection, store.readAll());
  return { state, events };
};

/** The plan of `--plan FILE` (JSON), or the bundled Vĩnh Bảo plan. */
export const loadPlan = (file: string | undefined, cwd: string): PlanDefinition => {
  if (file === undefined) return vinhBaoPlan;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(resolve(cwd, file), 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new InputError(`cannot read the plan ${file}: ${reason}`);
  }
  try {
    return parsePlan(json);
  } catch (error) {
    const issue = (error as { issues?: Array<{ path: PropertyKey[]; message: string }> }).issues?.[0];
    throw new InputError(
      issue ? `the plan ${file} is not valid: field "${issue.path.map(String).join('.') || '(plan)'}": ${issue.message}` : `the plan ${file} is not valid`,
    );
  }
};
