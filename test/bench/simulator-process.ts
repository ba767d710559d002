/**
 * The simulator in its own process, for the bench: `BENCH_SIMULATOR_OPTIONS` is a JSON
 * SimulatorOptions (port 0 unless given); prints one line `SIMULATOR_URL <url>` once it listens,
 * and closes on SIGTERM.
 */
import { startSimulator, type SimulatorOptions } from '../../src/simulator/server.js';

const options = JSON.parse(process.env['BENCH_SIMULATOR_OPTIONS'] ?? '{}') as SimulatorOptions;
const simulator = await startSimulator({ port: 0, seed: 42, ...options });
process.stdout.write(`SIMULATOR_URL ${simulator.url}\n`);
const stop = () => void simulator.close().finally(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
// The orchestrator going away (its IPC-less stdin closing) ends this process too.
process.stdin.on('end', stop).resume();
