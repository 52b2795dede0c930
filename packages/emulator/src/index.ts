// The emulator is being built (see the README); nothing is exported yet.
export {};
