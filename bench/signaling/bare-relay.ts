/**
 * The floor of the signaling comparison: a WebSocket relay with no validation at all. A client connects with
 * `?id=<its id>&peer=<the other's id>` and every frame it sends goes, byte for byte, to the socket of `peer`.
 * Nothing real should ship like this; it shows what relaying costs when nothing else is done.
 */
import { WebSocketServer, type WebSocket } from 'ws'

const sockets = new Map<string, WebSocket>()
const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false })

server.on('connection', (socket, request) => {
  const query = new URL(request.url ?? '/', 'ws://relay').searchParams
  const id = query.get('id') ?? ''
  const peer = query.get('peer') ?? ''
  sockets.set(id, socket)
  socket.on('message', (data, isBinary) => sockets.get(peer)?.send(data, { binary: isBinary }))
  socket.on('close', () => sockets.delete(id))
  socket.on('error', () => socket.terminate())
})
server.on('listening', () => {
  const address = server.address()
  if (typeof address === 'object' && address !== null) process.stdout.write(`${JSON.stringify({ benchListening: address.port })}\n`)
})
process.on('SIGTERM', () => server.close(() => process.exit(0)))
