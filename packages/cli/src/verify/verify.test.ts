import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GENESIS_HASH, chainHash, type HashedContent } from '@hoptac/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { bufferIo } from '../io';
import { runCli } from '../cli';
import { smallHistory } from '../test-history';

let lines: string[];
let dir: string;

beforeAll(async () => {
  lines = (await smallHistory()).trimEnd().split('\n');
  dir = mkdtempSync(join(tmpdir(), 'hoptac-verify-'));
});

const rechain = (events: Array<Record<string, unknown>>): string[] => {
  let previous = GENESIS_HASH;
  return events.map((event, index) => {
    const positioned = { ...event, globalPosition: index + 1 };
    const hash = chainHash(previous, positioned as unknown as HashedContent);
    previous = hash;
    return JSON.stringify({ ...positioned, hash });
  });
};

const verifyFile = async (name: string, content: string[]) => {
  const file = join(dir, name);
  writeFileSync(file, `${content.join('\n')}\n`);
  const io = bufferIo({ cwd: dir });
  const code = await runCli(['verify', file], io);
  return { code, out: io.stdout(), err: io.stderr() };
};

describe('hoptac verify FILE', () => {
  it('passes an untouched export and reports each check', async () => {
    const { code, out } = await verifyFile('ok.ndjson', lines);
    expect(code).toBe(0);
    expect(out).toMatch(/ok {2}hash chain/);
    expect(out).toMatch(/ok {2}rules +6 decisions re-derived by the decider for 2 organisations/);
  });

  it('names the event whose data was edited (hash chain)', async () => {
    const tampered = [...lines];
    tampered[3] = (tampered[3] as string).replace('"capitalCommitted":2000000', '"capitalCommitted":9000000');
    const edited = JSON.parse(tampered[3] as string) as { eventId: string };
    const { code, out, err } = await verifyFile('edited.ndjson', tampered);
    expect(code).toBe(1);
    expect(out).toContain('FAILED hash chain check');
    expect(out).toContain(`line 4, event ${edited.eventId}`);
    expect(err).toBe('');
  });

  it('names a removed event (ordering)', async () => {
    const { code, out } = await verifyFile('removed.ndjson', lines.filter((_, index) => index !== 5));
    expect(code).toBe(1);
    expect(out).toContain('FAILED ordering check');
    expect(out).toContain('line 6');
    expect(out).toMatch(/global position 7 where 6 was expected: 1 event\(s\) missing/);
  });

  it('catches a rule broken by a history rewritten with a valid hash chain (rules)', async () => {
    // a forger re-admits a current member and recomputes every hash: the chain holds, the rules do not
    const events = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const admission = events.find((event) => event.type === 'MemberAdmitted' && (event.data as { origin: string }).origin === 'application') as Record<string, unknown>;
    const forged: Record<string, unknown> = { ...admission, eventId: 'forged-1', streamVersion: (admission.streamVersion as number) + 1, data: { ...(admission.data as object) } };
    const index = events.indexOf(admission);
    const rewritten = [...events.slice(0, index + 1), forged, ...events.slice(index + 1)].map((event) =>
      event.stream === admission.stream && (event.streamVersion as number) > (admission.streamVersion as number) && event !== forged
        ? { ...event, streamVersion: (event.streamVersion as number) + 1 }
        : event,
    );
    const { code, out } = await verifyFile('forged.ndjson', rechain(rewritten));
    expect(code).toBe(1);
    expect(out).toContain('FAILED decider rules check');
    expect(out).toContain('event forged-1');
    expect(out).toContain('MemberAlreadyAdmitted');
  });

  it('reports a line that is not JSON with its number', async () => {
    const { code, out } = await verifyFile('broken.ndjson', [lines[0] as string, '{"type": "MemberAdm', ...lines.slice(1)]);
    expect(code).toBe(1);
    expect(out).toContain('FAILED schema check');
    expect(out).toContain('line 2');
  });

  it('reports an event whose data breaks its schema, naming the field', async () => {
    const bad = [...lines];
    bad[2] = (bad[2] as string).replace('"memberKind":"official"', '"memberKind":"honorary"');
    const { code, out } = await verifyFile('schema.ndjson', bad);
    expect(code).toBe(1);
    expect(out).toContain('line 3');
    expect(out).toContain('data.memberKind');
  });
});
