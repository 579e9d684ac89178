// Stands in for the `server-only` package in vitest (see vitest.config.mts): the real one throws
// outside the react-server condition, and tests import server modules on purpose.
export {};
