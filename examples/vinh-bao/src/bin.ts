import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateVinhBaoNdjson } from './generate';

// Writes data/vinh-bao.ndjson next to this package (the bundle runs from dist/).
const target = join(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'vinh-bao.ndjson');
const { ndjson, summary } = await generateVinhBaoNdjson();
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, ndjson);
process.stdout.write(`wrote ${summary.events} events from ${summary.commands} commands to ${target}\n`);
if (summary.rejected.length > 0) {
  process.stderr.write(`${summary.rejected.length} commands were refused:\n${summary.rejected.map((r) => `  ${r.on} ${r.type} ${r.organisationId}: ${r.code}`).join('\n')}\n`);
  process.exitCode = 1;
}
