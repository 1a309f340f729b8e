/** A throw-away PostgreSQL database for a test run, skipped with a message when no server answers (fails under CI=true). */
export { createTestDatabase, TEST_SERVER, type TestDatabase } from './test-database';
