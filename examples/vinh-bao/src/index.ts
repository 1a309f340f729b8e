/** The seeded sample of the Vĩnh Bảo territory: generator, seed, and the summary of a run. */
export { generateVinhBao, generateVinhBaoNdjson, SAMPLE_SEED, type GenerationSummary } from './generate';
/** The small seeded random source the generator uses (mulberry32). */
export { Random } from './prng';
