import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { z } from 'zod';
import { IndicatorReport } from './report';

const SCHEMA_FILE = fileURLToPath(new URL('../../../docs/report.schema.json', import.meta.url));

// run with HOPTAC_WRITE_SCHEMA=1 to regenerate the published schema after changing the report
it('docs/report.schema.json is generated from the IndicatorReport schema and up to date', () => {
  const generated = `${JSON.stringify(
    { title: 'hoptac indicator report', ...z.toJSONSchema(IndicatorReport) },
    null,
    2,
  )}\n`;
  if (process.env.HOPTAC_WRITE_SCHEMA === '1') writeFileSync(SCHEMA_FILE, generated);
  expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(generated);
});
