import { createReadStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MemoryEventStore, importNdjson, ndjsonLines } from '@hoptac/core';
import { buildReport, queryContext, vinhBaoPlan } from '@hoptac/indicators-nq20';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSample } from '../cli';
import { rollUpCommunes } from '../format';
import { loadIndicators } from '../load';
import { renderHtmlReport } from './report-html';
import { computeTrajectories } from './trajectory';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing: CI must run the HTML report test (apt-get install chromium)`);
if (!available) console.warn(`skipping the HTML report test: ${CHROMIUM} is not installed (apt-get install -y chromium)`);

const outputDir = join(import.meta.dirname, '..', '..', 'test-output');

describe.skipIf(!available)('the HTML report in headless Chromium', () => {
  let browser: Browser;
  let file: string;

  beforeAll(async () => {
    const store = new MemoryEventStore();
    const sample = findSample(process.cwd()) as string;
    await importNdjson(store, () => ndjsonLines(createReadStream(sample)));
    const { state } = await loadIndicators(store);
    const clocks = { asOf: '2030-12-31', knownAt: '2031-06-30T00:00:00.000Z' };
    const territory = queryContext(state, vinhBaoPlan, clocks).territory;
    const report = rollUpCommunes(buildReport(state, vinhBaoPlan, clocks), (unit) => territory.resolve(unit, clocks.asOf));
    const html = renderHtmlReport({
      report,
      trajectories: computeTrajectories(state, vinhBaoPlan, clocks),
      plan: vinhBaoPlan,
      generatedAt: '2031-06-30T00:00:00.000Z',
    });
    mkdirSync(outputDir, { recursive: true });
    file = join(outputDir, 'report.html');
    writeFileSync(file, html);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('loads with no console error and no request, renders every chart, and is screenshotted', async () => {
    const page = await browser.newPage({ viewport: { width: 1240, height: 900 } });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('request', (request) => {
      if (!request.url().startsWith('file:')) requests.push(request.url());
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });

    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    const charts = page.locator('svg.chart');
    expect(await charts.count()).toBe(6);
    for (let index = 0; index < 6; index++) {
      const box = await charts.nth(index).boundingBox();
      expect(box?.width ?? 0).toBeGreaterThan(200);
      expect(box?.height ?? 0).toBeGreaterThan(80);
      expect(await charts.nth(index).locator('circle.point').count()).toBeGreaterThan(3);
    }
    expect(await page.locator('.badge').count()).toBeGreaterThanOrEqual(11);
    expect(await page.locator('table.communes tbody tr').count()).toBe(6);
    await page.screenshot({ path: join(outputDir, 'report.png'), fullPage: true });
    expect(existsSync(join(outputDir, 'report.png'))).toBe(true);
    await page.close();
  });

  it('prints on A4 with the charts intact', async () => {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    const box = await page.locator('svg.chart').first().boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(200);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    writeFileSync(join(outputDir, 'report.pdf'), pdf);
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(pages).toBeLessThanOrEqual(8);
    await page.close();
  });
});
