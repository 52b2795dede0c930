/**
 * Short timings, so that rotations, token refreshes and heartbeat deadlines happen within seconds. The emulator
 * runs with these options and the session with the matching ones.
 *
 * A websocket URL must be opened within 3 s of its grant. By default (`connectionExpiry: 'connect-deadline'`)
 * `ConnectionExpiry` is that deadline and a socket lives 8 s from its opening; a contact started with
 * `connectionExpiry: 'socket-lifetime'` gets `ConnectionExpiry` = grant + 8 s and its socket is closed then.
 */
export const EMULATOR_TIMINGS = {
  connectWindowMs: 3_000,
  websocketLifetimeMs: 8_000,
  connectionExpiry: 'connect-deadline',
  connectionTokenLifetimeMs: 10_000,
  firstConnectionDeadlineMs: 0,
  throttle: false,
} as const;

/**
 * The session's side. A `ConnectionExpiry` under `rotation.minLifetimeMs` (6 s) after its grant is a connect
 * deadline (3 s here): such a socket is rotated `maxSocketLifetimeMs` (5 s) after it opened, 3 s before the
 * emulator would close it. A later one (8 s) is the socket's lifetime: rotated `leadMs` (2.5 s) before it, or 5 s
 * after opening if that comes first. The grant's connect window is the emulator's, less a 1 s margin.
 */
export const SESSION_TIMINGS = {
  // 2 s to answer a heartbeat: a page on a loaded 2-core machine once took over 1 s to hear one (a socket being
  // rotated out is drained by one, which then counted as a loss). It still ends a drain before the socket closes.
  heartbeat: { intervalMs: 500, timeoutMs: 2_000 },
  rotation: { leadMs: 2_500, maxSocketLifetimeMs: 5_000, minIntervalMs: 1_000, minLifetimeMs: 6_000 },
  tokenRefreshLeadMs: 2_500,
  reconnect: { baseDelayMs: 100, maxDelayMs: 1_000, minUptimeMs: 500 },
  grant: { connectWindowMs: EMULATOR_TIMINGS.connectWindowMs, safetyMarginMs: 1_000 },
  connectTimeoutMs: 3_000,
} as const;
