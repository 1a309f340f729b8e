// Summarises a V8 .cpuprofile (from node --cpu-prof): self time by function, heaviest first.
import { readFileSync } from 'node:fs';

/** The top functions of a profile by self time: [{ name, location, selfMs, percent }]. */
export const summariseProfile = (path, top = 12) => {
  const profile = JSON.parse(readFileSync(path, 'utf8'));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  const intervals = profile.timeDeltas;
  let total = 0;
  for (let index = 0; index < profile.samples.length; index++) {
    const node = byId.get(profile.samples[index]);
    const delta = intervals[index] ?? 0;
    total += delta;
    const frame = node.callFrame;
    const file = frame.url ? frame.url.replace(/^file:\/\//, '').replace(/.*node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?/, '').replace(/.*\/packages\//, '') : '';
    const key = `${frame.functionName || '(anonymous)'}\t${file}${file ? `:${frame.lineNumber + 1}` : ''}`;
    self.set(key, (self.get(key) ?? 0) + delta);
  }
  return [...self]
    .sort((left, right) => right[1] - left[1])
    .slice(0, top)
    .map(([key, micros]) => {
      const [name, location] = key.split('\t');
      return { name, location, selfMs: Math.round(micros / 1000), percent: Math.round((1000 * micros) / total) / 10 };
    });
};

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of summariseProfile(process.argv[2], Number(process.argv[3] ?? 20)))
    console.log(`${String(row.percent).padStart(5)}%  ${String(row.selfMs).padStart(6)} ms  ${row.name}  ${row.location}`);
}
