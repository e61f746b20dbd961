/**
 * A loopback port that is free right now for TCP (and, if asked, UDP too), for services that cannot be told to
 * pick their own port and report it (redis-server, turnserver). Another process could take it before the
 * service binds it, so callers retry a start that fails to bind.
 */
import { createSocket } from 'node:dgram'
import { createServer } from 'node:net'

export async function freePort(options: { udp?: boolean } = {}): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await freeTcpPort()
    if (!options.udp || (await udpPortIsFree(port))) return port
  }
  throw new Error('no free loopback port found for both TCP and UDP in 20 attempts')
}

function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

function udpPortIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4')
    socket.once('error', () => {
      socket.close()
      resolve(false)
    })
    socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)))
  })
}
