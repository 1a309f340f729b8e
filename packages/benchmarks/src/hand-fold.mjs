// The hand-written limit: the six indicators folded into mutable Maps, no validation, no library. It keeps the
// dated facts each indicator needs (business dates only), then answers for one asOf date.

const BASELINE = '2023-07-17';

/** A fresh state for the hand fold. */
export const handInitial = () => ({
  organisations: new Map(),
  // administrative units: unit -> [from, until) on business dates; the territory is a set of units over time
  unitMerges: [],
});

const organisation = (state, id) => state.organisations.get(id);

/** Applies one parsed event to the hand-fold state (mutating it). */
export const handApply = (state, event) => {
  const data = event.data;
  switch (event.type) {
    case 'OrganisationFounded':
      state.organisations.set(data.organisationId, {
        kind: data.kind,
        foundedOn: event.occurredOn,
        isNew: data.origin.type !== 'reorganisation-successor',
        units: [event.occurredOn, data.headOfficeUnit],
        suspended: [],
        ceasedOn: null,
        ratings: new Map(),
        linkages: [],
        highTech: [],
        digital: [],
        admissions: [],
        departures: [],
      });
      return state;
    case 'MemberAdmitted': {
      const target = organisation(state, data.organisationId);
      if (target && (data.origin === 'application' || data.origin === 'founding')) target.admissions.push(event.occurredOn);
      return state;
    }
    case 'MemberDeparted': {
      const target = organisation(state, data.organisationId);
      if (target && data.reason !== 'reorganisation') target.departures.push(event.occurredOn);
      return state;
    }
    case 'HeadOfficeMoved':
      organisation(state, data.organisationId)?.units.push(event.occurredOn, data.toUnit);
      return state;
    case 'OperationsSuspended':
      organisation(state, data.organisationId)?.suspended.push(event.occurredOn, null);
      return state;
    case 'OperationsResumed': {
      const suspended = organisation(state, data.organisationId)?.suspended;
      if (suspended && suspended.length > 0) suspended[suspended.length - 1] = event.occurredOn;
      return state;
    }
    case 'RatingRecorded':
    case 'RatingCorrected':
      organisation(state, data.organisationId)?.ratings.set(data.year, data.level);
      return state;
    case 'ValueChainLinkageStarted':
      organisation(state, data.organisationId)?.linkages.push(data.startsOn, data.endsOn ?? '9999-12-31');
      return state;
    case 'HighTechRecognitionGranted':
      organisation(state, data.organisationId)?.highTech.push(data.validFrom, data.validUntil ?? '9999-12-31');
      return state;
    case 'DigitalAssessmentRecorded':
      organisation(state, data.organisationId)?.digital.push(event.occurredOn, data.result === 'meets');
      return state;
    case 'DissolutionCompleted':
    case 'GroupConverted': {
      const target = organisation(state, data.organisationId);
      if (target) target.ceasedOn = event.occurredOn;
      return state;
    }
    case 'OrganisationReorganised': {
      const target = organisation(state, data.organisationId);
      if (target && data.role === 'source-ceases') target.ceasedOn = event.occurredOn;
      return state;
    }
    case 'AdministrativeUnitsReorganised':
      state.unitMerges.push({ on: event.occurredOn, merges: data.merges });
      return state;
    default:
      return state;
  }
};

const unitOn = (units, day) => {
  let unit = null;
  for (let index = 0; index < units.length; index += 2) if (units[index] <= day) unit = units[index + 1];
  return unit;
};

/** The six indicators at `asOf` for a territory given as its units before the first unit reorganisation. */
export const handIndicators = (state, asOf, territoryUnits) => {
  const initial = new Set(territoryUnits);
  const afterMerges = new Set(initial);
  let mergedOn = '9999-12-31';
  for (const { on, merges } of state.unitMerges) {
    mergedOn = on;
    for (const { unit, from } of merges) if (from.some((code) => initial.has(code))) afterMerges.add(unit.code);
  }
  const inTerritory = (unit, day) => (day < mergedOn ? initial.has(unit) : afterMerges.has(unit) || initial.has(unit));
  const activeOn = (org, day) =>
    org.foundedOn <= day && (org.ceasedOn === null || org.ceasedOn > day) && !suspendedOn(org, day);
  const year = Number(asOf.slice(0, 4)) - (asOf.slice(5) >= '12-15' ? 0 : 1);
  const yearEnd = `${year}-12-31`;
  let newCooperatives = 0;
  let admissions = 0;
  let departures = 0;
  let eligible = 0;
  let goodFair = 0;
  let linked = 0;
  let activeCooperatives = 0;
  let highTech = 0;
  let digital = 0;
  for (const org of state.organisations.values()) {
    if (org.kind === 'cooperative' && org.isNew && org.foundedOn > BASELINE && org.foundedOn <= asOf && inTerritory(org.units[1], org.foundedOn))
      newCooperatives++;
    if (org.kind !== 'cooperative-union') {
      for (const day of org.admissions) if (day > BASELINE && day <= asOf && inTerritory(unitOn(org.units, day), day)) admissions++;
      for (const day of org.departures) if (day > BASELINE && day <= asOf && inTerritory(unitOn(org.units, day), day)) departures++;
    }
    if ((org.kind === 'cooperative' || org.kind === 'cooperative-union') && org.foundedOn <= `${year - 1}-12-31` && activeOn(org, yearEnd) && inTerritory(unitOn(org.units, yearEnd), yearEnd)) {
      eligible++;
      const level = org.ratings.get(year);
      if (level === 'good' || level === 'fair') {
        goodFair++;
        for (let index = 0; index < org.linkages.length; index += 2)
          if (org.linkages[index] <= yearEnd && org.linkages[index + 1] >= `${year}-01-01`) {
            linked++;
            break;
          }
      }
    }
    if (org.kind === 'cooperative' && activeOn(org, asOf) && inTerritory(unitOn(org.units, asOf), asOf)) {
      activeCooperatives++;
      for (let index = 0; index < org.highTech.length; index += 2)
        if (org.highTech[index] <= asOf && org.highTech[index + 1] >= asOf) {
          highTech++;
          break;
        }
      let meets = false;
      for (let index = 0; index < org.digital.length; index += 2) if (org.digital[index] <= asOf) meets = org.digital[index + 1];
      if (meets) digital++;
    }
  }
  const share = (part, whole) => (whole === 0 ? null : part / whole);
  return {
    newCooperatives,
    newMembers: admissions,
    netMemberChange: admissions - departures,
    goodFairShare: share(goodFair, eligible),
    valueChainShare: share(linked, goodFair),
    highTechShare: share(highTech, activeCooperatives),
    digitalShare: share(digital, activeCooperatives),
  };
};

const suspendedOn = (org, day) => {
  for (let index = 0; index < org.suspended.length; index += 2)
    if (org.suspended[index] <= day && (org.suspended[index + 1] === null || org.suspended[index + 1] > day)) return true;
  return false;
};
