// The event types the lifecycle itself reads, as plain string constants in a module of their own, so that a
// browser bundle that needs only these does not carry the whole content-type catalogue.
export const TYPING_EVENT = 'application/vnd.amazonaws.connect.event.typing';
export const CHAT_ENDED_EVENT = 'application/vnd.amazonaws.connect.event.chat.ended';
export const CONNECTION_ACKNOWLEDGED_EVENT = 'application/vnd.amazonaws.connect.event.connection.acknowledged';
