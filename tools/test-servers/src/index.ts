export { closedPort } from './closed-port.js';
export { type Fault, type FaultRequest, type FaultServer, startFaultServer } from './fault-server.js';
export { type HubFileScript, type HubRequest, type HubServer, startHubServer } from './hub-server.js';
