/**
 * What `parseClientMessage` is given for a received frame, decoded once.
 *
 * ws has already checked that a text frame is UTF-8 (the server never sets `skipUTF8Validation`, see
 * signaling-server.ts, and a text frame that is not UTF-8 closes the connection with 1007), so a text frame is
 * decoded here without checking it again. Binary frames are handed over as bytes, which the parser decodes
 * strictly. So is a text frame that starts with a byte order mark: the parser's `TextDecoder` drops a leading
 * BOM and `Buffer#toString` keeps it, and the server must not read a frame differently from the shared parser.
 */
import type { RawData } from 'ws'

export function frameForParser(data: RawData, isBinary: boolean): string | Buffer | ArrayBuffer {
  const bytes = Array.isArray(data) ? Buffer.concat(data) : data
  if (isBinary || !Buffer.isBuffer(bytes) || startsWithByteOrderMark(bytes)) return bytes
  return bytes.toString('utf8')
}

function startsWithByteOrderMark(bytes: Buffer): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
}
