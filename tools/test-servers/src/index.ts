export { type HubFileScript, type HubRequest, type HubServer, startHubServer } from './hub-server.js';
