/**
 * The bench's baseline: a bare graphql-yoga hello-world on node:http, in its own process, answering
 * `{ hello }`. Prints one line `BARE_YOGA_URL <url>` once it listens.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSchema, createYoga } from 'graphql-yoga';

const yoga = createYoga({ schema: createSchema({ typeDefs: 'type Query { hello: String! }', resolvers: { Query: { hello: () => 'world' } } }), logging: false });
const server = createServer(yoga);
server.listen(0, '127.0.0.1', () => process.stdout.write(`BARE_YOGA_URL http://127.0.0.1:${(server.address() as AddressInfo).port}\n`));
const stop = () => server.close(() => process.exit(0));
process.once('SIGTERM', stop);
process.stdin.on('end', stop).resume();
