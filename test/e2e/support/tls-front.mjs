// A TLS front for the standalone signaling server, as a deployment puts one before it (a reverse proxy), for the
// network lab: it accepts TLS on one address and port and pipes each connection, bytes as they are, to the
// server's plain port. Plain JavaScript, so Node runs it inside a lab namespace as it is.
//
//   node tls-front.mjs LISTEN_HOST LISTEN_PORT CERT_FILE KEY_FILE TARGET_HOST TARGET_PORT
import { readFileSync } from 'node:fs'
import { connect } from 'node:net'
import { createServer } from 'node:tls'

const [host, port, certFile, keyFile, targetHost, targetPort] = process.argv.slice(2)
const server = createServer({ cert: readFileSync(certFile), key: readFileSync(keyFile) }, (secure) => {
  const plain = connect(Number(targetPort), targetHost)
  secure.pipe(plain).pipe(secure)
  const end = () => {
    secure.destroy()
    plain.destroy()
  }
  secure.on('error', end)
  plain.on('error', end)
  secure.on('close', end)
  plain.on('close', end)
})
server.on('tlsClientError', () => {})
server.listen(Number(port), host, () => process.stdout.write(`tls front listening on ${host}:${port}\n`))
process.on('SIGTERM', () => server.close(() => process.exit(0)))
