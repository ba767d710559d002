import { builder } from './builder.js';

// Each domain registers its types on the builder when imported; the order does not matter.
import '../connections/connection-types.js';
import '../sites/site-types.js';
import '../vehicles/vehicle-types.js';
import '../commands/command-types.js';
import '../commands/command-parameter-types.js';
import '../commands/command-subscriptions.js';
import '../dispatch/dispatch-types.js';
import '../programs/program-types.js';
import '../programs/program-subscriptions.js';
import '../connections/connection-subscriptions.js';
import '../telemetry/history-types.js';
import '../telemetry/telemetry-subscriptions.js';
import '../powerhub/powerhub-types.js';
import '../organizations/api-key-types.js';

export const schema = builder.toSchema();
