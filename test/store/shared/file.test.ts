/** The shared store suite on the file store. */
import { deliveryCases } from './delivery-cases.js';
import { engineCases } from './engine-cases.js';
import { eventCases } from './event-cases.js';
import { fileHarness, serverFileHarness } from './file-harness.js';
import { storeCases } from './store-cases.js';

storeCases(fileHarness);
engineCases(fileHarness);
eventCases(fileHarness);
deliveryCases(fileHarness);

// bo serve's settings: task writes on the write thread, listings from the live index.
storeCases(serverFileHarness);
engineCases(serverFileHarness);
