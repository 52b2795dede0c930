// The transport is not bound yet (see the README): until it is, this package re-exports core unchanged, so code
// written against it today keeps working when the transport lands.
export * from '@connect-participant/core';
