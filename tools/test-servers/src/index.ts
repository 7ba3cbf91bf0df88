export { closedPort } from './closed-port.js';
export { type HubFileScript, type HubRequest, type HubServer, startHubServer } from './hub-server.js';
