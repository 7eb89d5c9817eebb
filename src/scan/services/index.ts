/**
 * Services (product spec section 4): service, repository, job, integration and middleware
 * modules of the backend, what they depend on and which third-party SDKs they call.
 */
export { scanServices, type ScanServicesInput, type ScanServicesResult } from './scan-services.js';
export { INTEGRATIONS, HTTP_CLIENTS, integrationFor } from './integration-table.js';
export { ROLE_WORDS, ROLE_FOLDERS, type ServiceKind } from './conventions.js';
export { fileServiceName } from './naming.js';
