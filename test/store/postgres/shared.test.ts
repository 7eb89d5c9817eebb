/** The shared store suite on the PostgreSQL store (skipped, with the reason, without a server). */
import { deliveryCases } from '../shared/delivery-cases.js';
import { engineCases } from '../shared/engine-cases.js';
import { eventCases } from '../shared/event-cases.js';
import { pgHarness } from '../shared/pg-harness.js';
import { storeCases } from '../shared/store-cases.js';

storeCases(pgHarness);
engineCases(pgHarness);
eventCases(pgHarness);
deliveryCases(pgHarness);
