import { AdministrativeUnitsReorganised } from '@hoptac/core';
import { describe, expect, it } from 'vitest';
import { parsePlan, vinhBaoPlan, vinhBaoUnitReorganisation2025, vinhBaoUnits } from './plan';

describe('plan definition', () => {
  it('round-trips the Vĩnh Bảo plan through JSON', () => {
    expect(parsePlan(JSON.parse(JSON.stringify(vinhBaoPlan)))).toEqual(vinhBaoPlan);
  });

  it('fills in the default policies of DOMAIN.md §2', () => {
    expect(vinhBaoPlan.policies).toMatchObject({
      ratingDeadline: '12-15',
      maxSuspensionDays: 90,
      aboutTolerance: 0.01,
      overdueDebtYears: 3,
      registrationWindow: { start: '12-15', end: '12-14' },
    });
    expect(parsePlan({ ...vinhBaoPlan, policies: { maxSuspensionDays: 120 } }).policies).toMatchObject({
      maxSuspensionDays: 120,
      ratingDeadline: '12-15',
    });
  });

  it('rejects a plan with a malformed comparator or month-day, naming the field', () => {
    const bad = { ...vinhBaoPlan, targets: { 'new-cooperatives': { '2030': { type: '≈', value: 1 } } } };
    expect(() => parsePlan(bad)).toThrow(/targets/);
    expect(() => parsePlan({ ...vinhBaoPlan, policies: { ratingDeadline: '15-12' } })).toThrow(/ratingDeadline/);
  });

  it('ships a 2025 unit reorganisation that is a valid event over the plan’s units', () => {
    expect(AdministrativeUnitsReorganised.parse(vinhBaoUnitReorganisation2025)).toEqual(vinhBaoUnitReorganisation2025);
    const merged = vinhBaoUnitReorganisation2025.data.merges.flatMap((merge) => merge.from).sort();
    const communes = vinhBaoUnits.filter((unit) => unit.level !== 'district').map((unit) => unit.code).sort();
    expect(merged).toEqual(communes);
  });
});
