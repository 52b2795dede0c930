export { cases, type ConformanceCase, type ConformanceContext } from './cases.js';
export { EMULATOR_TIMINGS, SESSION_TIMINGS } from './timings.js';
export { ConformanceError } from './expect.js';
