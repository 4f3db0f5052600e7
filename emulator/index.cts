/**
 * The local emulator of Microsoft Entra ID and the two Defender XDR APIs, for tests, benchmarks and the demo.
 * Dev tooling only: it never ships in the package.
 */
export { startEmulator, type Emulator, type EmulatorOptions, type RequestLogEntry } from './server.cjs';
export type { NewIncidentSpecification } from './seed.cjs';
export type { ScheduledFault, RandomFaults } from './realism.cjs';
