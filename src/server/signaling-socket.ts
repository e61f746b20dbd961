/**
 * The server's socket class, passed to `WebSocketServer` as its `WebSocket` option.
 *
 * When a frame exceeds `maxPayload`, ws stops reading and closes the connection itself with `close(1009)`,
 * with no reason, before any of our code sees the frame. Filling in the stable code as the close reason is the
 * only way a client can learn why it was cut off (`SIG_ERR_MESSAGE_TOO_LARGE`, as docs/protocol.md promises).
 * In ws 8 every 1009 close comes from a size limit (payload, fragments, buffered chunks).
 */
import { WebSocket } from 'ws'
import { SignalingErrorCode } from '../shared/signaling-errors'

const MESSAGE_TOO_BIG = 1009

export class SignalingSocket extends WebSocket {
  override close(code?: number, data?: string | Buffer): void {
    super.close(code, code === MESSAGE_TOO_BIG && data === undefined ? SignalingErrorCode.MessageTooLarge : data)
  }
}
