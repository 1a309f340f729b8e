import type { NewEvent } from '@hoptac/core';

/** A valid admission into `organisationId`, with a caller-chosen event id. */
export const admission = (eventId: string, organisationId = 'coop-1', tenant?: string): NewEvent => ({
  type: 'MemberAdmitted',
  occurredOn: '2030-03-01',
  eventId,
  recordedAt: '2030-03-02T08:00:00.000Z',
  ...(tenant !== undefined ? { metadata: { tenant, actor: 'registry-clerk' } } : {}),
  data: {
    organisationId,
    memberId: `member-${eventId}`,
    memberKind: 'official',
    partyType: 'household',
    capitalCommitted: 5_000_000,
    origin: 'application',
  },
});
