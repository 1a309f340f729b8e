import { describe, expect, it } from 'vitest';
import { MemoryEventStore, organisationStream, verifyChain, type NewEvent } from '@hoptac/core';
import { DetailsErasedError, MemoryVaultStorage, PersonalDataVault, pseudonymousMemberId } from './index';

const secret = 'district-secret';
const anh = pseudonymousMemberId('031090001234', secret);

describe('personal data vault', () => {
  it('derives the same pseudonymous id for the same identity number, and never shows the number', () => {
    expect(pseudonymousMemberId(' 031090001234 ', secret)).toBe(anh);
    expect(pseudonymousMemberId('031090001235', secret)).not.toBe(anh);
    expect(anh).not.toContain('031090001234');
    expect(pseudonymousMemberId('031090001234', 'another-secret')).not.toBe(anh);
  });

  it('keeps details encrypted at rest and reads them back', async () => {
    const storage = new MemoryVaultStorage();
    const vault = new PersonalDataVault(storage);
    await vault.put(anh, { fullName: 'Nguyễn Văn Anh', identityNumber: '031090001234' });
    const sealed = await storage.getSealed(anh);
    expect(JSON.stringify(sealed)).not.toContain('Anh');
    expect(Buffer.from(sealed?.ciphertext ?? '', 'base64').toString('utf8')).not.toContain('031090001234');
    expect(await vault.get(anh)).toEqual({ fullName: 'Nguyễn Văn Anh', identityNumber: '031090001234' });
  });

  it('refuses sealed details that were tampered with', async () => {
    const storage = new MemoryVaultStorage();
    const vault = new PersonalDataVault(storage);
    await vault.put(anh, { fullName: 'Nguyễn Văn Anh' });
    const sealed = (await storage.getSealed(anh))!;
    const bytes = Buffer.from(sealed.ciphertext, 'base64');
    bytes[0] = (bytes[0] ?? 0) ^ 1;
    await storage.putSealed(anh, { ...sealed, ciphertext: bytes.toString('base64') });
    await expect(vault.get(anh)).rejects.toThrow();
  });

  it('makes details unreadable for ever once the key is erased, while the history still verifies', async () => {
    const store = new MemoryEventStore();
    const vault = new PersonalDataVault();
    const admitted: NewEvent = {
      type: 'MemberAdmitted',
      occurredOn: '2024-03-01',
      data: { organisationId: 'htx-1', memberId: anh, memberKind: 'official', partyType: 'individual', capitalCommitted: 1_000_000, origin: 'application' },
      eventId: 'e-1',
      recordedAt: '2024-03-02T00:00:00.000Z',
    };
    await store.append(organisationStream('htx-1'), [admitted], { expectedVersion: 'any' });
    await vault.put(anh, { fullName: 'Nguyễn Văn Anh' });
    const before = await verifyChain(store.readAll());

    await vault.erase(anh);

    await expect(vault.get(anh)).rejects.toBeInstanceOf(DetailsErasedError);
    await expect(vault.put(anh, { fullName: 'again' })).rejects.toBeInstanceOf(DetailsErasedError);
    const after = await verifyChain(store.readAll());
    expect(after.problem).toBeUndefined();
    expect(after.headHash).toBe(before.headHash);
    const [event] = await store.readStream(organisationStream('htx-1'));
    expect(JSON.stringify(event)).not.toContain('Nguyễn');
  });
});
