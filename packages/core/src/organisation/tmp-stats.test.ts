import { fc } from '@fast-check/vitest';
import { it } from 'vitest';
import { anyCommandSequence } from '../testing/command-arbitraries';
import { replayAll } from '../testing';
it('stats', () => {
  const samples = fc.sample(anyCommandSequence(), { numRuns: 300, seed: 7 });
  const counts: Record<string, number> = {}; const rej: Record<string, number> = {}; let acc = 0, total = 0;
  for (const s of samples) { const r = replayAll(s); total += s.length; acc += s.length - r.rejections.length;
    for (const e of r.events) counts[e.type] = (counts[e.type] ?? 0) + 1;
    for (const x of r.rejections) rej[x.rejection.code] = (rej[x.rejection.code] ?? 0) + 1; }
  console.log(acc, total, counts, rej);
});
