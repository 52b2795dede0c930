/**
 * Short timings, so that rotations, token refreshes and heartbeat deadlines happen within seconds. The emulator
 * runs with these options and the session with the matching ones.
 */
export const EMULATOR_TIMINGS = {
  websocketLifetimeMs: 8_000,
  connectionTokenLifetimeMs: 10_000,
  firstConnectionDeadlineMs: 0,
  throttle: false,
} as const;

export const SESSION_TIMINGS = {
  heartbeat: { intervalMs: 500, timeoutMs: 1_000 },
  rotation: { leadMs: 2_500 },
  tokenRefreshLeadMs: 2_500,
  reconnect: { baseDelayMs: 100, maxDelayMs: 1_000, minUptimeMs: 500 },
  grant: { safetyMarginMs: 1_000 },
  connectTimeoutMs: 3_000,
} as const;
