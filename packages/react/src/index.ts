// React bindings for @connect-participant/core: hooks over useSyncExternalStore, and a session owned by a tree.
export { useSessionState } from './use-session-state.js';
export { useConversation } from './use-conversation.js';
export { useParticipants } from './use-participants.js';
export { useTypists, type UseTypistsOptions } from './use-typists.js';
export { useSendMessage, type MessageToSend, type SendMessageHelpers } from './use-send-message.js';
export { useParticipantSession } from './use-participant-session.js';
export { ParticipantSessionProvider, useProvidedSession, type ParticipantSessionProviderProps } from './session-provider.js';
export { NoSessionError } from './no-session-error.js';
export { EMPTY_CONVERSATION, INITIAL_STATE, NO_PARTICIPANTS, NO_TYPISTS } from './initial-values.js';
export type { MaybeSession } from './session-stores.js';
