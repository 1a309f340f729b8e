#!/usr/bin/env node
import { runCli } from './cli';
import { processIo } from './io';

runCli(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`hoptac: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
