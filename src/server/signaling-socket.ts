/**
 * The server's socket class, passed to `WebSocketServer` as its `WebSocket` option.
 *
 * When a frame exceeds `maxPayload`, ws stops reading and closes the connection itself with `close(1009)`,
 * with no reason, before any of our code sees the frame. Filling in the stable code as the close reason is the
 * only way a client can learn why it was cut off (`SIG_ERR_MESSAGE_TOO_LARGE`, as docs/protocol.md promises).
 * In ws 8 every 1009 close comes from the size of a message (one frame, or its fragments added up), and a
 * 1008 close without a reason from its number of pieces (`maxFragments`, or ws's cap on buffered chunks); the
 * server's own 1008 closes always carry a reason.
 */
import { WebSocket } from 'ws'
import { SignalingCloseReason, SignalingErrorCode } from '../shared/signaling-errors'

const MESSAGE_TOO_BIG = 1009
const POLICY_VIOLATION = 1008

export class SignalingSocket extends WebSocket {
  override close(code?: number, data?: string | Buffer): void {
    if (data === undefined && code === MESSAGE_TOO_BIG) return super.close(code, SignalingErrorCode.MessageTooLarge)
    if (data === undefined && code === POLICY_VIOLATION) return super.close(code, SignalingCloseReason.TooManyFragments)
    super.close(code, data)
  }
}
