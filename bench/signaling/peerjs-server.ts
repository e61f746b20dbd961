/**
 * The PeerJS server (`peer` on npm) as it is used in practice: `PeerServer` on its own HTTP server, speaking
 * its own protocol on `/peerjs`. Two limits are raised for the load, and said so in RESULTS.md: its
 * 5,000-client cap (`concurrent_limit`, which the idle-memory step reaches), and `alive_timeout`, because the
 * bench's clients do not send PeerJS's application-level HEARTBEAT messages.
 */
import { PeerServer } from 'peer'

const server = PeerServer(
  { host: '127.0.0.1', port: 0, path: '/', key: 'peerjs', concurrent_limit: 100_000, alive_timeout: 3_600_000 },
  (http) => {
    const address = http.address()
    if (typeof address === 'object' && address !== null) process.stdout.write(`${JSON.stringify({ benchListening: address.port })}\n`)
    process.on('SIGTERM', () => {
      http.close(() => process.exit(0))
      // A socket still open would hold close() forever; the bench has closed its clients by now.
      setTimeout(() => process.exit(0), 1_000).unref()
    })
  },
)
server.on('error', () => {
  // A client that vanishes mid-frame: PeerJS reports it here; without a listener the process would crash.
})
