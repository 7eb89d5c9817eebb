import * as stats from '../repositories/stats-repository.js';

const LOW_STOCK_THRESHOLD = 5;

export function getStoreStats(): Promise<stats.StoreStats> {
  return stats.collect(LOW_STOCK_THRESHOLD);
}
