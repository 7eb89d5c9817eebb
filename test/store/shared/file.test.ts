/** The shared store suite on the file store. */
import { deliveryCases } from './delivery-cases.js';
import { engineCases } from './engine-cases.js';
import { eventCases } from './event-cases.js';
import { fileHarness } from './file-harness.js';
import { storeCases } from './store-cases.js';

storeCases(fileHarness);
engineCases(fileHarness);
eventCases(fileHarness);
deliveryCases(fileHarness);
