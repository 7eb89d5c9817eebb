/** What every route plugin is given: the orchestrator and the server's shared parts. */
import type { Orchestrator } from '../../orchestrator.js';
import type { CheckRuns } from '../check-runs.js';
import type { SseHub } from '../sse.js';
import type { TaskListing } from '../task-listing.js';

export interface RouteDeps {
  orchestrator: Orchestrator;
  checks: CheckRuns;
  sse: SseHub;
  /** The active tasks, kept between listings while they do not change. */
  listing: TaskListing;
  now: () => Date;
}
