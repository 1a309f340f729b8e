// Shared helpers: line cutting, timing, child processes, machine facts.
import { spawn } from 'node:child_process';
import { createReadStream, readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

export const CHUNK = 1 << 20;

/** Calls `onLine` for each line, without an async generator per line (the limit for a plain loop). */
export const forEachLine = async (path, onLine) => {
  let rest = null;
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK })) {
    const data = rest ? Buffer.concat([rest, chunk]) : chunk;
    let start = 0;
    let end;
    while ((end = data.indexOf(10, start)) !== -1) {
      onLine(data.toString('utf8', start, end));
      start = end + 1;
    }
    rest = start < data.length ? data.subarray(start) : null;
  }
  if (rest) onLine(rest.toString('utf8'));
};

/** Reads every event of an NDJSON file into memory, parsed. */
export const loadEvents = async (path, limit = Infinity) => {
  const events = [];
  await forEachLine(path, (line) => {
    if (events.length < limit) events.push(JSON.parse(line));
  });
  return events;
};

export const median = (values) => {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/**
 * Times `run` once for warm-up and then `runs` times; returns the median seconds and every sample. With a
 * `budgetSeconds`, a slow run lowers the number of timed runs (at least one), and the result says how many ran.
 */
export const measure = async (run, { runs = 5, warmup = 1, budgetSeconds = Infinity } = {}) => {
  let warmSeconds = 0;
  for (let index = 0; index < warmup; index++) {
    const started = performance.now();
    await run();
    warmSeconds = (performance.now() - started) / 1000;
  }
  if (warmSeconds > 0) runs = Math.max(1, Math.min(runs, Math.floor(budgetSeconds / warmSeconds)));
  const samples = [];
  for (let index = 0; index < runs; index++) {
    const started = performance.now();
    await run();
    samples.push((performance.now() - started) / 1000);
  }
  return { seconds: median(samples), samples, runs: samples.length };
};

const CHILD = fileURLToPath(new URL('./child.mjs', import.meta.url));

/**
 * Runs one task in a fresh Node process, so its peak RSS is its own; the task prints one JSON line last.
 * `nodeArgs` may add e.g. --cpu-prof.
 */
export const runChild = (task, args = {}, { nodeArgs = [], cwd } = {}) =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, ...process.execArgv, CHILD, task, JSON.stringify(args)], {
      stdio: ['ignore', 'pipe', 'inherit'],
      ...(cwd ? { cwd } : {}),
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const last = output.trim().split('\n').at(-1) ?? '';
      if (code !== 0) return reject(new Error(`task ${task} exited with ${code}: ${output.slice(-2000)}`));
      try {
        resolve(JSON.parse(last));
      } catch {
        reject(new Error(`task ${task} printed no result: ${output.slice(-2000)}`));
      }
    });
  });

/**
 * Runs a child task once as warm-up, then `runs` times; the median of its `seconds` and of its peak RSS. A slow
 * warm-up lowers the number of runs to fit `budgetSeconds` (at least one); `runs` in the result says how many ran.
 */
export const measureChild = async (task, args, { runs = 5, warmup = 1, budgetSeconds = Infinity } = {}) => {
  for (let index = 0; index < warmup; index++) {
    const warm = await runChild(task, args);
    runs = Math.max(1, Math.min(runs, Math.floor(budgetSeconds / Math.max(warm.seconds, 0.001))));
  }
  const results = [];
  for (let index = 0; index < runs; index++) results.push(await runChild(task, args));
  return {
    ...results.at(-1),
    seconds: median(results.map((result) => result.seconds)),
    samples: results.map((result) => result.seconds),
    runs: results.length,
    maxRssMb: median(results.map((result) => result.maxRssMb)),
  };
};

/** The machine, as the report states it. */
export const machine = () => {
  const info = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /model name\s*:\s*(.*)/.exec(info)?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown';
  return {
    cpu: model,
    cores: cpus().length,
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    date: new Date().toISOString().slice(0, 10),
    loadAverage: loadavg().map((value) => Math.round(value * 10) / 10),
  };
};

/** What a child reports at its end: elapsed seconds, and its peak RSS in MB. */
export const report = (result) => {
  process.stdout.write(`${JSON.stringify({ ...result, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
};

/** Runs `run` under the V8 sampling profiler when `path` is given, writing a .cpuprofile there. */
export const withProfile = async (path, run) => {
  if (!path) return run();
  const { Session } = await import('node:inspector/promises');
  const { writeFileSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await run();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(path, JSON.stringify(profile));
    session.disconnect();
  }
};
