import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/** A person's details as a host may need them; never written into an event. */
export interface PersonalDetails {
  fullName?: string;
  identityNumber?: string;
  address?: string;
  phone?: string;
  [field: string]: string | undefined;
}

/** One person's details, encrypted under that person's own key (AES-256-GCM). */
export interface SealedDetails {
  iv: string;
  ciphertext: string;
  tag: string;
}

/** Where a vault keeps keys and sealed details; keys and details may live in different places. */
export interface VaultStorage {
  getKey(memberId: string): Promise<Buffer | undefined>;
  putKey(memberId: string, key: Buffer): Promise<void>;
  deleteKey(memberId: string): Promise<void>;
  getSealed(memberId: string): Promise<SealedDetails | undefined>;
  putSealed(memberId: string, sealed: SealedDetails): Promise<void>;
}

/** Vault storage in memory, for tests and short-lived tools. */
export class MemoryVaultStorage implements VaultStorage {
  private readonly keys = new Map<string, Buffer>();
  private readonly sealed = new Map<string, SealedDetails>();
  async getKey(memberId: string) {
    return this.keys.get(memberId);
  }
  async putKey(memberId: string, key: Buffer) {
    this.keys.set(memberId, key);
  }
  async deleteKey(memberId: string) {
    this.keys.get(memberId)?.fill(0);
    this.keys.delete(memberId);
  }
  async getSealed(memberId: string) {
    return this.sealed.get(memberId);
  }
  async putSealed(memberId: string, sealed: SealedDetails) {
    this.sealed.set(memberId, sealed);
  }
}

/** Reading details whose key was erased: they are gone for good (crypto-shredding). */
export class DetailsErasedError extends Error {
  override readonly name = 'DetailsErasedError';
  constructor(readonly memberId: string) {
    super(`personal details of member ${memberId} were erased (their key no longer exists)`);
  }
}

/**
 * Keeps members' personal details outside the event history, each person's under a key of their own. Erasing
 * the key makes the details unreadable for ever, while the events (which hold only the pseudonymous member id)
 * and their hash chain stay intact and every indicator still verifies.
 */
export class PersonalDataVault {
  constructor(private readonly storage: VaultStorage = new MemoryVaultStorage()) {}

  /** Stores (or replaces) a member's details, encrypted under their key (created on first use). */
  async put(memberId: string, details: PersonalDetails): Promise<void> {
    let key = await this.storage.getKey(memberId);
    if (!key) {
      if (await this.storage.getSealed(memberId)) throw new DetailsErasedError(memberId);
      key = randomBytes(32);
      await this.storage.putKey(memberId, key);
    }
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(memberId));
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(details), 'utf8'), cipher.final()]);
    await this.storage.putSealed(memberId, {
      iv: iv.toString('base64'),
      ciphertext: ciphertext.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
    });
  }

  /** A member's details; undefined when none were stored; DetailsErasedError once the key is erased. */
  async get(memberId: string): Promise<PersonalDetails | undefined> {
    const sealed = await this.storage.getSealed(memberId);
    if (!sealed) return undefined;
    const key = await this.storage.getKey(memberId);
    if (!key) throw new DetailsErasedError(memberId);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(memberId));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    const plain = Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as PersonalDetails;
  }

  /** Erases a member's key: their details become unreadable; the sealed bytes may stay as noise. */
  async erase(memberId: string): Promise<void> {
    await this.storage.deleteKey(memberId);
  }
}

/**
 * A stable pseudonymous member id derived from an identity number with a secret the host keeps (HMAC-SHA-256),
 * so the same person gets the same id without the identity number ever entering an event.
 */
export const pseudonymousMemberId = (identityNumber: string, secret: string | Buffer, prefix = 'm'): string =>
  `${prefix}-${createHmac('sha256', secret).update(identityNumber.trim()).digest('hex').slice(0, 24)}`;
