/** Runs the hoptac command line in-process; resolves with the exit code (0 ok, 1 findings, 2 usage or input error). */
export { runCli, findSample, diffIndicators, COMMAND_NAMES } from './cli';
/** Where the CLI writes: the real process, or a buffer for tests and embedding. */
export { processIo, bufferIo, type CliIo } from './io';
/** Exit codes and the two kinds of user error. */
export { EXIT, UsageError, InputError } from './errors';
/** Opens the store a `--store` value names (SQLite path, postgres:// or esdb:// URL). */
export { openStore, storeKind, describeStore, DEFAULT_STORE, type StoreKind, type OpenStoreOptions } from './store';
/** Replays a store into the indicators' state; loads a plan from JSON. */
export { loadIndicators, loadPlan } from './load';
/** Verifies a history: schemas, ordering, hash chain, and the decider's rules replayed. */
export { verifyHistory, type HistoryItem, type VerifyProblem, type VerifyResult } from './verify/verify-history';
/** Replays the decider over a history, re-deriving every decision from the state before it. */
export { checkRules, type RuleCheck, type RuleProblem } from './verify/rules';
/** The report as one self-contained HTML page with inline SVG charts. */
export { renderHtmlReport, type HtmlReportInput } from './html/report-html';
/** Each indicator computed at the baseline, each 31/12 and asOf: the charts' trajectories. */
export { computeTrajectories, trajectoryDates } from './html/trajectory';
/** The text dashboard, CSV and explanation renderers. */
export { renderDashboard, renderCsv, renderExplanation } from './format';
