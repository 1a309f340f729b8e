// Run by crash.int.test.ts as a bundled child process: appends multi-stream batches to the store at argv[2]
// until it is killed, printing "begin <batch>" before each append and "ack <batch> <size>" only after it has returned.
import { openSqliteEventStore } from '../src/index';
import { admission } from './events';

const [file, round] = process.argv.slice(2) as [string, string];
// loaded, now wait for the parent's go: the previous writer may still be running
await new Promise((resolve) => process.stdin.once('data', resolve));
const store = openSqliteEventStore(file);
const streams = Array.from({ length: 5 }, (_, index) => `organisation-s${index}`);
const versions = new Map<string, number>();
for (const stream of streams) versions.set(stream, await store.streamVersion(stream));
process.stdout.write('ready\n');

const started = Date.now();
for (let batch = 0; ; batch++) {
  // never run away if the parent failed to kill us: it kills within the first few batches
  if (batch > 1000 || Date.now() - started > 30_000) process.exit(3);
  const chosen = streams.filter(() => Math.random() < 0.5);
  if (chosen.length === 0) chosen.push(streams[batch % streams.length] as string);
  const sizes = chosen.map(() => 1 + Math.floor(Math.random() * 100));
  const total = sizes.reduce((sum, size) => sum + size, 0);
  const id = `r${round}b${batch}`;
  let index = 0;
  const requests = chosen.map((stream, part) => ({
    stream,
    expectedVersion: versions.get(stream) as number,
    events: Array.from({ length: sizes[part] as number }, () => admission(`${id}-${index++}of${total}`, stream.slice('organisation-'.length))),
  }));
  process.stdout.write(`begin ${id}\n`);
  const results = await store.appendMany(requests);
  for (const result of results) versions.set(result.stream, result.streamVersion);
  process.stdout.write(`ack ${id} ${total}\n`);
}
