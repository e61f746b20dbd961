/** The signaling server as a library: what the Electron main process (and tests) embed. */
export { startSignalingServer, type RunningSignalingServer } from './signaling-server'
export { resolveOptions, type SignalingServerOptions } from './options'
export { createJsonLogger, silentLogger, type Logger, type LogFields, type LogLevel } from './log'
export { turnRestCredential, type TurnCredential } from './turn-credentials'
