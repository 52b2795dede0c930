export {
  startEmulator,
  type ChatContact,
  type ChatContactInput,
  type ContactSnapshot,
  type ContactSummary,
  type Emulator,
} from './emulator.js';
export type { AgentHandle } from './agent.js';
export { Faults, SUBSCRIBE_ACK_FAULTS, type MalformedFrameKind, type SocketSelector, type SubscribeAckFault } from './faults.js';
export {
  DEFAULT_OPTIONS,
  type AttachmentScanOptions,
  type AttachmentVerdict,
  type ConnectionExpiryMeaning,
  type DisconnectFlowOptions,
  type EmulatorOptions,
  type IdleTimerOptions,
  type MessageProcessingOptions,
  type MessageProcessingOutcome,
  type ThrottleOptions,
} from './options.js';
export type { StreamOptions } from './service/streamed-message.js';
export { SERVICE_EVENTS, type ServiceEvent, type ServiceEventName } from './service/service-events.js';
export { USAGE, runCli, type CliIo, type CliOutcome } from './run-cli.js';
export type { PersistentChatInput } from './service/persistent-chat.js';
export { checkScenario, type Scenario, type ScenarioReply, type ScenarioStep } from './scenario/scenario.js';
