export { FakeParticipantService, type FakeServiceOptions } from './fake-service.js';
