export { startEmulator, type ChatContact, type ChatContactInput, type ContactSnapshot, type Emulator } from './emulator.js';
export type { AgentHandle } from './agent.js';
export { Faults, type MalformedFrameKind, type SocketSelector } from './faults.js';
export { DEFAULT_OPTIONS, type ConnectionExpiryMeaning, type EmulatorOptions, type ThrottleOptions } from './options.js';
export { USAGE, runCli, type CliIo, type CliOutcome } from './run-cli.js';
