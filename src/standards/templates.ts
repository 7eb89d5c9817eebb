/** The standards docs `bo init` writes into a project, by file name. */
export { API_DESIGN_MD } from './api-design.js';
export { BACKEND_STANDARD_MD } from './backend-standard.js';
